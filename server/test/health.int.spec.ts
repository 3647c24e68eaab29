import { describe, expect, it } from 'vitest';
import { useTestServer } from './harness';

describe('health, static client and security headers', () => {
  const server = useTestServer();

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
