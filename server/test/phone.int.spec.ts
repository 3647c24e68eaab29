import { describe, expect, it } from 'vitest';
import type { RowDataPacket } from 'mysql2';
import type { ApiErrorBody, PhoneConfigResponse, PhoneSecretList, SetPhoneSecretResponse } from '@ondeck/shared';
import { SecretBox } from '../src/phone';
import { useTestServer } from './harness';

const PBX = 'wss://pbx.example.test:8089/ws';

describe('softphone config', () => {
  const server = useTestServer({ domains: true, webrtcServer: PBX, logLevel: 'trace' });

  async function agent(username: string, extension: string | null): Promise<string> {
    await server.t.createUser({ username, displayName: `Agent ${username}`, role: 'agent', extension, password: `${username}-password` });
    return (await server.t.login(username, `${username}-password`)).accessToken;
  }

  it('gives each user the secret of their own extension only, never cached, and never logs it', async () => {
    const logged: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string | Uint8Array) => (logged.push(String(chunk)), true);
    try {
      for (const [extension, secret] of [['1002', 'secret-of-1002'], ['1003', 'secret-of-1003']]) {
        const set = await server.t.api('PUT', `/api/phone/secrets/${extension}`, { token: server.adminToken, body: { secret } });
        expect(set.status).toBe(200);
      }
      const alice = await agent('alice', '1002');
      const bob = await agent('bob', '1003');

      const mine = await server.t.api('GET', '/api/phone/config', { token: alice });
      expect(mine.status).toBe(200);
      expect(mine.headers.get('cache-control')).toBe('no-store');
      expect(mine.body).toEqual({
        server: PBX, extension: '1002', displayName: 'Agent alice', password: 'secret-of-1002',
        iceServers: [], iceGatheringTimeoutMs: 1000, codecPreference: 'pcmu-only', dtmfMode: 'rfc4733',
      } satisfies PhoneConfigResponse);
      const his = await server.t.api('GET', '/api/phone/config', { token: bob });
      expect((his.body as PhoneConfigResponse).password).toBe('secret-of-1003');
      expect(JSON.stringify(his.body)).not.toContain('secret-of-1002');
      // No route reads another extension's secret, whatever the caller tries.
      expect((await server.t.api('GET', '/api/phone/config?extension=1002', { token: bob })).body).toMatchObject({ extension: '1003' });
      expect((await server.t.api('GET', '/api/phone/secrets/1002', { token: server.adminToken })).status).toBe(404);
    } finally {
      process.stderr.write = write;
    }
    expect(logged.join('').length).toBeGreaterThan(0);
    expect(logged.join('')).not.toContain('secret-of-100');
  });

  it('stores admin-set secrets sealed, not in plain text', async () => {
    const [rows] = await server.t.server.services.pool.query<RowDataPacket[]>("SELECT secret_enc FROM phone_secrets WHERE extension = '1002'");
    const sealed = rows[0]?.secret_enc as Buffer;
    expect(sealed.toString('latin1')).not.toContain('secret-of-1002');
    expect(new SecretBox(server.t.config.auth.jwtSecret).open(sealed)).toBe('secret-of-1002');
    expect(new SecretBox('another-server-secret-0123456789abcdef').open(sealed)).toBeNull();
  });

  it('explains why there is no phone: no extension, or no known secret', async () => {
    const noExtension = await server.t.api('GET', '/api/phone/config', { token: await agent('carol', null) });
    expect(noExtension.status).toBe(409);
    expect((noExtension.body as ApiErrorBody).error.message).toMatch(/no extension/);
    const noSecret = await server.t.api('GET', '/api/phone/config', { token: await agent('dave', '1004') });
    expect(noSecret.status).toBe(404);
    expect((noSecret.body as ApiErrorBody).error.message).toMatch(/No SIP secret is known for extension 1004/);
  });

  it('accepts a short secret as the PBX does, with a warning, and lets an admin replace and clear it', async () => {
    const token = await agent('frank', '1006');
    const short = await server.t.api('PUT', '/api/phone/secrets/1006', { token: server.adminToken, body: { secret: 'x7k2' } });
    expect(short.status).toBe(200);
    expect((short.body as SetPhoneSecretResponse).warning).toMatch(/short/);
    expect(((await server.t.api('GET', '/api/phone/config', { token })).body as PhoneConfigResponse).password).toBe('x7k2');
    const strong = await server.t.api('PUT', '/api/phone/secrets/1006', { token: server.adminToken, body: { secret: 'Replaced-9f3Kq2' } });
    expect(strong.body).toEqual({ warning: null });
    expect(((await server.t.api('GET', '/api/phone/config', { token })).body as PhoneConfigResponse).password).toBe('Replaced-9f3Kq2');
    // The admin sees which extensions have one, never the secret itself.
    const list = await server.t.api('GET', '/api/phone/secrets', { token: server.adminToken });
    expect((list.body as PhoneSecretList).secrets.map((entry) => entry.extension)).toContain('1006');
    expect(JSON.stringify(list.body)).not.toContain('Replaced-9f3Kq2');
    expect((await server.t.api('DELETE', '/api/phone/secrets/1006', { token: server.adminToken })).status).toBe(204);
    expect((await server.t.api('GET', '/api/phone/config', { token })).status).toBe(404);
    const [rows] = await server.t.server.services.pool.query<RowDataPacket[]>(
      "SELECT action, result FROM audit_log WHERE target = 'extension:1006' AND action LIKE 'phone.secret.%' ORDER BY id",
    );
    expect(rows.map((row) => `${String(row.action)}:${String(row.result)}`)).toEqual(['phone.secret.set:success', 'phone.secret.set:success', 'phone.secret.clear:success']);
    for (const [method, path] of [['GET', '/api/phone/secrets'], ['DELETE', '/api/phone/secrets/1006']] as const) {
      expect((await server.t.api(method, path, { token })).status).toBe(403);
    }
  });

  it('validates what an admin sets and refuses everyone else', async () => {
    const spaces = await server.t.api('PUT', '/api/phone/secrets/1002', { token: server.adminToken, body: { secret: 'has spaces in it' } });
    expect(spaces.status).toBe(400);
    expect((spaces.body as ApiErrorBody).error.fields).toHaveProperty('secret');
    const empty = await server.t.api('PUT', '/api/phone/secrets/1002', { token: server.adminToken, body: { secret: '' } });
    expect(empty.status).toBe(400);
    const badExtension = await server.t.api('PUT', '/api/phone/secrets/10x', { token: server.adminToken, body: { secret: 'long-enough-secret' } });
    expect(badExtension.status).toBe(400);
    const asAgent = await server.t.api('PUT', '/api/phone/secrets/1002', { token: await agent('erin', '1005'), body: { secret: 'long-enough-secret' } });
    expect(asAgent.status).toBe(403);
  });
});

describe('softphone config without WEBRTC_PBX_SERVER', () => {
  const server = useTestServer({ domains: true });

  it('says the softphone is not set up', async () => {
    const response = await server.t.api('GET', '/api/phone/config', { token: server.adminToken });
    expect(response.status).toBe(404);
    expect((response.body as ApiErrorBody).error.message).toMatch(/WEBRTC_PBX_SERVER/);
  });
});

describe('softphone in the demo', () => {
  const server = useTestServer({ domains: true, demo: true, webrtcServer: 'ws://127.0.0.1:5066', demoSipSecrets: { '1002': 'demo-secret-1002' } });

  it('gives a demo user the secret the demo Kamailio expects for their extension', async () => {
    const { accessToken } = await server.t.login('agent', 'agent-demo');
    const response = await server.t.api('GET', '/api/phone/config', { token: accessToken });
    expect(response.body).toMatchObject({ server: 'ws://127.0.0.1:5066', extension: '1002', password: 'demo-secret-1002' });
  });
});

describe('softphone in a demo whose Kamailio did not start', () => {
  const reason = 'The demo phone is off: Kamailio could not be installed (apt-get failed). Install kamailio and kamailio-websocket-modules, then restart the demo.';
  const server = useTestServer({ domains: true, webrtcUnavailableReason: reason });

  it('says why on the Phone page instead of pointing at .env', async () => {
    const response = await server.t.api('GET', '/api/phone/config', { token: server.adminToken });
    expect((response.body as ApiErrorBody).error.message).toBe(reason);
  });
});
