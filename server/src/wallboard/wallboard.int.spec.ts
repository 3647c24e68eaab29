import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient, type Socket } from 'socket.io-client';
import type {
  CallView,
  ClientToServerEvents,
  CreatedWallboardLink,
  PanelSnapshot,
  PanelThresholds,
  QueueThresholdsList,
  ServerToClientEvents,
  WallSnapshot,
  WallboardLink,
} from '@ondeck/shared';
import type { TestServer } from '../../test/harness';
import { startPbxStack, type PbxStack } from '../../test/pbx-stack';
import type { RunningSimulator } from '../../simulator';
import { hashWallboardToken } from './wallboard-links.service';
import { openRawSocketIo } from '../../test/raw-socket';
import { waitFor } from '../../test/wait-for';

const until = (check: () => boolean | Promise<boolean>, what: string): Promise<void> => waitFor(check, what, 5000);

/**
 * Queue thresholds and wallboard links through the real server: simulator → AMI → model →
 * REST/Socket.IO, with MariaDB. Demo accounts: `sup` sees queue support, `agent` no queue.
 * Queue billing has a caller from +15550009999 waiting; support has +15550001111.
 */
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let stack: PbxStack;
let sim: RunningSimulator;
let server: TestServer;
let admin: string;
const clients: Client[] = [];
const CALLER_NUMBERS = /\+1555000(1111|9999)/;

async function createLink(body: unknown): Promise<CreatedWallboardLink> {
  const response = await server.api('POST', '/api/wallboard-links', { token: admin, body });
  expect(response.status).toBe(201);
  return response.body as CreatedWallboardLink;
}

const tokenOf = (link: CreatedWallboardLink): string => link.path.replace('/wall/', '');

beforeAll(async () => {
  stack = await startPbxStack({
    simulator: { extensions: ['1001', '1002', '1003', '2001', '2002'], queues: { support: ['1002', '1003'], billing: ['2001'] } },
    server: { demo: true },
  });
  ({ sim, server, adminToken: admin } = stack);
  sim.scenarios.queueCall('+15550001111', 'support', { trunk: true });
  sim.scenarios.queueCall('+15550009999', 'billing', { trunk: true });
  await until(async () => {
    const body = (await server.api('GET', '/api/queues', { token: admin })).body as { stale: boolean; queues: { waiting: number }[] };
    return !body.stale && body.queues.length === 2 && body.queues.every((q) => q.waiting === 1);
  }, 'both queues with a waiting caller');
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await stack?.stop();
});

describe('queue thresholds', () => {
  it('lists every PBX queue with the defaults until an admin sets them', async () => {
    const response = await server.api('GET', '/api/queue-thresholds', { token: admin });
    expect(response.status).toBe(200);
    const list = response.body as QueueThresholdsList;
    expect(list.defaults).toEqual({ maxWaitSeconds: 60, maxWaiting: 5, minServiceLevel: 80 });
    expect(list.queues.map((q) => [q.queue, q.custom, q.onPbx])).toEqual([
      ['billing', false, true],
      ['support', false, true],
    ]);
  });

  it('refuses supervisors and agents, and changes nothing', async () => {
    for (const username of ['sup', 'agent'] as const) {
      const token = (await server.loginDemo(username)).accessToken;
      expect((await server.api('GET', '/api/queue-thresholds', { token })).status).toBe(403);
      const put = await server.api('PUT', '/api/queue-thresholds/support', { token, body: { maxWaitSeconds: 5, maxWaiting: 1, minServiceLevel: 50 } });
      expect(put.status).toBe(403);
      expect((await server.api('DELETE', '/api/queue-thresholds/support', { token })).status).toBe(403);
    }
    const [rows] = await server.server.services.pool.query('SELECT queue FROM queue_thresholds');
    expect(rows).toEqual([]);
  });

  it.each([
    [{ maxWaitSeconds: 0, maxWaiting: 5, minServiceLevel: 80 }, 'maxWaitSeconds', 'must be at least 1 second'],
    [{ maxWaitSeconds: 30, maxWaiting: 2.5, minServiceLevel: 80 }, 'maxWaiting', 'must be a whole number'],
    [{ maxWaitSeconds: 30, maxWaiting: 5, minServiceLevel: 101 }, 'minServiceLevel', 'must be between 0 and 100'],
    [{ maxWaitSeconds: 99_999, maxWaiting: 5, minServiceLevel: 80 }, 'maxWaitSeconds', 'must be at most 3600 seconds (an hour)'],
    [{ maxWaitSeconds: '30', maxWaiting: 5, minServiceLevel: 80 }, 'maxWaitSeconds', expect.any(String)],
    [{ maxWaitSeconds: 30, maxWaiting: 5 }, 'minServiceLevel', expect.any(String)],
    [{ maxWaitSeconds: 30, maxWaiting: 5, minServiceLevel: 80, colour: 'red' }, '_', expect.any(String)],
  ])('refuses %j with a clear error and stores nothing', async (body, field, message) => {
    const response = await server.api('PUT', '/api/queue-thresholds/support', { token: admin, body });
    expect(response.status).toBe(400);
    const error = (response.body as { error: { code: string; message: string; fields: Record<string, string> } }).error;
    expect(error.code).toBe('validation_failed');
    expect(error.fields[field]).toEqual(message);
    const [rows] = await server.server.services.pool.query('SELECT queue FROM queue_thresholds');
    expect(rows).toEqual([]);
  });

  it('refuses a queue name that is not one', async () => {
    const response = await server.api('PUT', '/api/queue-thresholds/bad%20name!', { token: admin, body: { maxWaitSeconds: 30, maxWaiting: 5, minServiceLevel: 80 } });
    expect(response.status).toBe(400);
    expect((response.body as { error: { fields: Record<string, string> } }).error.fields.queue).toMatch(/letters, digits/);
  });

  it('an admin sets them: audited, pushed to open panels in scope only, and reset to the defaults', async () => {
    const sup = await server.loginDemo('sup');
    const client: Client = connectClient(server.url, { path: '/socket.io', auth: { token: sup.accessToken }, transports: ['websocket'], forceNew: true });
    clients.push(client);
    const snapshots: PanelSnapshot[] = [];
    const pushes: PanelThresholds[] = [];
    client.on('panel:snapshot', (payload) => snapshots.push(payload));
    client.on('panel:thresholds', (payload) => pushes.push(payload));
    await until(() => snapshots.length > 0, 'the first snapshot');
    expect(snapshots[0]?.queueThresholds).toEqual({});

    const support = { maxWaitSeconds: 20, maxWaiting: 2, minServiceLevel: 90 };
    const put = await server.api('PUT', '/api/queue-thresholds/support', { token: admin, body: support });
    expect(put.status).toBe(200);
    expect((put.body as QueueThresholdsList).queues.find((q) => q.queue === 'support')).toMatchObject({ thresholds: support, custom: true, updatedBy: 'admin' });
    await until(() => pushes.length === 1, 'the thresholds push');
    expect(pushes[0]).toEqual({ queueThresholds: { support } });

    // billing is outside sup's scope: its thresholds (and its name) never reach them.
    expect((await server.api('PUT', '/api/queue-thresholds/billing', { token: admin, body: { maxWaitSeconds: 45, maxWaiting: 3, minServiceLevel: 70 } })).status).toBe(200);
    await until(() => pushes.length === 2, 'the second push');
    expect(pushes[1]).toEqual({ queueThresholds: { support } });
    await client.emitWithAck('panel:resync', {});
    await until(() => snapshots.length === 2, 'a fresh snapshot');
    expect(snapshots[1]?.queueThresholds).toEqual({ support });
    expect(JSON.stringify([...snapshots, ...pushes])).not.toContain('billing');

    const reset = await server.api('DELETE', '/api/queue-thresholds/support', { token: admin });
    expect((reset.body as QueueThresholdsList).queues.find((q) => q.queue === 'support')).toMatchObject({ custom: false, thresholds: { maxWaitSeconds: 60 } });
    await until(() => pushes.length === 3, 'the reset push');
    expect(pushes[2]).toEqual({ queueThresholds: {} });

    const [audit] = await server.server.services.pool.query('SELECT actor_name, action, target FROM audit_log WHERE action LIKE ? ORDER BY id', ['queue_thresholds.%']);
    expect(audit).toEqual([
      { actor_name: 'admin', action: 'queue_thresholds.update', target: 'queue:support' },
      { actor_name: 'admin', action: 'queue_thresholds.update', target: 'queue:billing' },
      { actor_name: 'admin', action: 'queue_thresholds.reset', target: 'queue:support' },
    ]);
  });
});

describe('wallboard links', () => {
  it('shows a link only its own queues, as figures with no caller, member or call', async () => {
    const created = await createLink({ label: 'Support TV', queues: ['support'] });
    expect(created.link).toMatchObject({ label: 'Support TV', queues: ['support'], createdBy: 'admin', revokedAt: null });
    expect(created.path).toMatch(/^\/wall\/[A-Za-z0-9_-]{43}$/);

    const response = await server.api('GET', created.path.replace('/wall/', '/api/wall/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const wall = response.body as WallSnapshot;
    expect(wall.label).toBe('Support TV');
    expect(wall.queues.map((q) => q.name)).toEqual(['support']);
    expect(wall.queues[0]).toMatchObject({ waiting: 1, members: { total: 2 }, thresholds: { maxWaitSeconds: 60, maxWaiting: 5, minServiceLevel: 80 } });
    const text = JSON.stringify(wall);
    expect(text).not.toMatch(CALLER_NUMBERS);
    expect(text).not.toMatch(/billing|PJSIP|Local\/|(?<![\d.])(100[123]|200[12])(?!\d)/);
    expect(Object.keys(wall.queues[0] ?? {}).sort()).toEqual(
      ['abandoned', 'answered', 'longestWaitSeconds', 'members', 'name', 'serviceLevelPercent', 'serviceLevelSeconds', 'thresholds', 'waiting'].sort(),
    );
  });

  it('shows every queue on an all-queues link, with admin-set thresholds', async () => {
    const created = await createLink({ label: 'Lobby', queues: null });
    const wall = (await server.api('GET', `/api/wall/${tokenOf(created)}`)).body as WallSnapshot;
    expect(wall.queues.map((q) => q.name)).toEqual(['billing', 'support']);
    expect(wall.queues[0]?.thresholds).toEqual({ maxWaitSeconds: 45, maxWaiting: 3, minServiceLevel: 70 });
    expect(JSON.stringify(wall)).not.toMatch(CALLER_NUMBERS);
  });

  it('stores only the SHA-256 of the token', async () => {
    const created = await createLink({ label: 'Hash check', queues: ['billing'] });
    const token = tokenOf(created);
    const [rows] = await server.server.services.pool.query('SELECT * FROM wallboard_links WHERE id = ?', [created.link.id]);
    const row = (rows as Record<string, unknown>[])[0];
    expect(row?.token_hash).toBe(hashWallboardToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const list = (await server.api('GET', '/api/wallboard-links', { token: admin })).body as WallboardLink[];
    expect(JSON.stringify(list)).not.toContain(token);
    expect(list.map((l) => l.label)).toEqual(expect.arrayContaining(['Support TV', 'Lobby', 'Hash check']));
  });

  it('refuses bad link requests with a clear error', async () => {
    for (const body of [{ label: '', queues: null }, { label: 'x', queues: [] }, { label: 'x', queues: ['no spaces'] }, { label: 'x' }]) {
      const response = await server.api('POST', '/api/wallboard-links', { token: admin, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((response.body as { error: { code: string } }).error.code).toBe('validation_failed');
    }
  });

  it('supervisors and agents cannot create, list or revoke links', async () => {
    const created = await createLink({ label: 'Not theirs', queues: ['support'] });
    for (const username of ['sup', 'agent'] as const) {
      const token = (await server.loginDemo(username)).accessToken;
      expect((await server.api('GET', '/api/wallboard-links', { token })).status).toBe(403);
      expect((await server.api('POST', '/api/wallboard-links', { token, body: { label: 'Mine', queues: null } })).status).toBe(403);
      expect((await server.api('DELETE', `/api/wallboard-links/${created.link.id}`, { token })).status).toBe(403);
    }
    expect((await server.api('GET', `/api/wall/${tokenOf(created)}`)).status).toBe(200);
  });

  it('a revoked link is refused at once with words the TV can show; revoking is audited', async () => {
    const created = await createLink({ label: 'Short-lived', queues: ['support'] });
    const path = `/api/wall/${tokenOf(created)}`;
    expect((await server.api('GET', path)).status).toBe(200);
    expect((await server.api('DELETE', `/api/wallboard-links/${created.link.id}`, { token: admin })).status).toBe(204);
    const refused = await server.api('GET', path);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: { code: 'token_revoked', message: 'This wallboard link was revoked — ask your administrator for a new one.' } });
    // Revoking twice is fine; an unknown id is not.
    expect((await server.api('DELETE', `/api/wallboard-links/${created.link.id}`, { token: admin })).status).toBe(204);
    expect((await server.api('DELETE', '/api/wallboard-links/999999', { token: admin })).status).toBe(404);
    const list = (await server.api('GET', '/api/wallboard-links', { token: admin })).body as WallboardLink[];
    expect(list.find((l) => l.id === created.link.id)?.revokedAt).not.toBeNull();
    const [audit] = await server.server.services.pool.query('SELECT action, target FROM audit_log WHERE target = ? ORDER BY id', [`wallboard_link:${created.link.id}`]);
    expect(audit).toEqual([
      { action: 'wallboard.link_create', target: `wallboard_link:${created.link.id}` },
      { action: 'wallboard.link_revoke', target: `wallboard_link:${created.link.id}` },
    ]);
  });

  it('a link token grants nothing else: no REST, no socket, no actions', async () => {
    const token = tokenOf(await createLink({ label: 'Read only', queues: ['support'] }));
    for (const path of ['/api/queues', '/api/calls', '/api/extensions', '/api/wallboard-links', '/api/auth/me']) {
      expect((await server.api('GET', path, { token })).status, path).toBe(401);
    }
    expect((await server.api('POST', `/api/wall/${token}`, { body: {} })).status).toBe(404);

    // Two live calls; the link token tries to hang up the first, the admin the second.
    sim.scenarios.call('1001', '2002').answer();
    sim.scenarios.call('1003', '2001').answer();
    let calls: CallView[] = [];
    const upWith = (extension: string): CallView | undefined => calls.find((c) => c.state === 'up' && c.extensions.includes(extension));
    await until(async () => {
      calls = ((await server.api('GET', '/api/calls', { token: admin })).body as { calls: CallView[] }).calls;
      return upWith('1001') !== undefined && upWith('1003') !== undefined;
    }, 'both calls up');
    const [target, control] = [upWith('1001'), upWith('1003')];
    if (!target || !control) throw new Error('the calls are not both up');
    const hangups = (): string[] => sim.recordedActions.filter((a) => a.action === 'Hangup').map((a) => a.fields.Channel ?? '');

    // A socket that really sends: refused at the handshake, it writes the action anyway.
    const intruder = await openRawSocketIo(server.url, { token });
    await intruder.next((packet) => packet.startsWith('4'), 'the refused handshake');
    intruder.emit('panel:hangup', { callId: target.id }, 1);
    // The server drops a connection that sends on a namespace it never joined.
    expect(await intruder.closed).toBe('transport close');
    expect(intruder.received.filter((packet) => packet.startsWith('3'))).toEqual([]);

    // The same bytes from a signed-in admin do reach the PBX, so the check above can fail.
    const adminSocket = await openRawSocketIo(server.url, { token: admin });
    await adminSocket.next((packet) => packet.startsWith('2["panel:snapshot"'), 'the admin snapshot');
    adminSocket.emit('panel:hangup', { callId: control.id }, 1);
    await adminSocket.next((packet) => packet.startsWith('31'), 'the admin hangup answer');
    adminSocket.close();
    await until(() => hangups().length > 0, 'the admin hangup at the PBX');
    expect(hangups().every((channel) => control.parties.some((p) => p.channel === channel))).toBe(true);
    expect(hangups().some((channel) => target.parties.some((p) => p.channel === channel))).toBe(false);
  });

  it('refuses wrong and malformed tokens with no data, then locks out a guessing address', async () => {
    const real = tokenOf(await createLink({ label: 'Guarded', queues: null }));
    const wrong = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
    for (const token of [wrong, 'short', 'x'.repeat(43).replace(/x/g, '!'), '%2e%2e%2fusers']) {
      const response = await server.api('GET', `/api/wall/${token}`);
      expect(response.status, token).toBe(404);
      expect(response.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('not valid') } });
    }
    let status = 0;
    for (let i = 0; i < 25 && status !== 429; i += 1) status = (await server.api('GET', `/api/wall/${wrong}`)).status;
    expect(status).toBe(429);
    // Locked out: even the right token gets no lookup from this address.
    const locked = await server.api('GET', `/api/wall/${real}`);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: { code: 'rate_limited', retryAfter: expect.any(Number) } });
  });
});
