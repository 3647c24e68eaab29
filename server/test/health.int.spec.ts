import { describe, expect, it } from 'vitest';
import type { ServerModuleFactory } from '../src/app';
import { route } from '../src/http';
import { startTestServer, useTestServer } from './harness';

const failingModule: ServerModuleFactory = () => ({
  name: 'failing',
  routes: [
    route('GET', '/boom', 'public', async () => {
      throw new Error('database password is hunter22');
    }),
  ],
});

describe('health, static client and security headers', () => {
  const server = useTestServer({ deps: { modules: [failingModule] } });

  it('answers GET /api/health without sign-in', async () => {
    const response = await server.t.api('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('sends security headers and echoes a safe request id', async () => {
    const response = await fetch(`${server.t.url}/api/health`, { headers: { 'X-Request-Id': 'abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('replaces an unsafe request id with its own', async () => {
    const response = await fetch(`${server.t.url}/api/health`, { headers: { 'X-Request-Id': 'bad id\twith spaces' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const response = await server.t.api('GET', '/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('hides the details of a server error and names the request id', async () => {
    const response = await fetch(`${server.t.url}/api/boom`, { headers: { 'X-Request-Id': 'trace-500' } });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('internal');
    expect(body.error.message).toContain('trace-500');
    expect(body.error.message).not.toContain('hunter22');
  });

  it('refuses a body over 100 kB with 413', async () => {
    const response = await server.t.api('POST', '/api/auth/login', { body: { login: 'x', password: 'y'.repeat(200_000) } });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('too large') } });
  });

  it('says how to build the client when client/dist is missing', async () => {
    const response = await fetch(`${server.t.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('npm run build');
  });
});

describe('health when the database is gone', () => {
  it('answers 503 with a message saying what to check', async () => {
    const t = await startTestServer();
    try {
      await t.server.services.pool.query(`DROP DATABASE \`${t.dbName}\``);
      const response = await t.api('GET', '/api/health');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ error: { message: expect.stringContaining('database') } });
    } finally {
      await t.stop();
    }
  });
});
