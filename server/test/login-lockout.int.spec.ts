import { describe, expect, it } from 'vitest';
import { TEST_ADMIN, useTestServer } from './harness';

const wrong = { login: TEST_ADMIN.username, password: 'wrong-password' };
const right = { login: TEST_ADMIN.username, password: TEST_ADMIN.password };

describe('login lockout per address', () => {
  const server = useTestServer();

  it('forgets failures older than the 5-minute window', async () => {
    for (let i = 0; i < 9; i++) expect((await server.t.api('POST', '/api/auth/login', { body: wrong })).status).toBe(401);
    server.t.clock.advance(5 * 60_000 + 1000);
    expect((await server.t.api('POST', '/api/auth/login', { body: wrong })).status).toBe(401);
    // A success clears the count too.
    expect((await server.t.api('POST', '/api/auth/login', { body: right })).status).toBe(200);
  });

  it('locks the address for 10 minutes after 10 failures, even for the right password', async () => {
    for (let i = 0; i < 9; i++) expect((await server.t.api('POST', '/api/auth/login', { body: wrong })).status).toBe(401);
    const tenth = await server.t.api('POST', '/api/auth/login', { body: wrong });
    expect(tenth.status).toBe(429);
    expect(tenth.body).toEqual({
      error: {
        code: 'locked_out',
        message: 'Too many failed sign-ins from this address. Try again in 10 minutes.',
        retryAfter: 600,
      },
    });
    expect(tenth.headers.get('retry-after')).toBe('600');

    const stillLocked = await server.t.api('POST', '/api/auth/login', { body: right });
    expect(stillLocked.status).toBe(429);

    server.t.clock.advance(9 * 60_000);
    const nearlyOver = await server.t.api('POST', '/api/auth/login', { body: right });
    expect(nearlyOver.status).toBe(429);
    expect((nearlyOver.body as { error: { message: string } }).error.message).toContain('1 minute.');

    server.t.clock.advance(60_000 + 1000);
    expect((await server.t.api('POST', '/api/auth/login', { body: right })).status).toBe(200);
  });
});
