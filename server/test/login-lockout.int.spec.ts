import { describe, expect, it } from 'vitest';
import type { RowDataPacket } from 'mysql2/promise';
import { io as connect } from 'socket.io-client';
import { SignInThrottle, SignInThrottleRepository, accountKey } from '../src/auth';
import { TEST_ADMIN, useTestServer, type TestServerHandle } from './harness';

const wrong = { login: TEST_ADMIN.username, password: 'wrong-password' };
const right = { login: TEST_ADMIN.username, password: TEST_ADMIN.password };

/** POST /api/auth/login as if relayed by a proxy that saw `forwardedFor`. */
async function loginVia(server: TestServerHandle, body: { login: string; password: string }, forwardedFor: string): Promise<{ status: number; message: string }> {
  const response = await fetch(`${server.t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { error?: { message: string } };
  return { status: response.status, message: json.error?.message ?? '' };
}

describe('sign-in lockout per address', () => {
  const server = useTestServer();

  it('forgets failures older than the 5-minute window', async () => {
    for (let i = 0; i < 9; i++) expect((await server.t.api('POST', '/api/auth/login', { body: wrong })).status).toBe(401);
    server.t.clock.advance(5 * 60_000 + 1000);
    expect((await server.t.api('POST', '/api/auth/login', { body: wrong })).status).toBe(401);
    expect((await server.t.api('POST', '/api/auth/login', { body: right })).status).toBe(200);
    server.t.clock.advance(60 * 60_000);
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
        lockedScope: 'address',
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
    server.t.clock.advance(60 * 60_000);
  });

  it('a success on one account does not clear the address count for guessing another', async () => {
    await server.t.createUser({ username: 'mallory', displayName: 'Mallory', role: 'agent', password: 'mallory-password' });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3; i++) expect((await server.t.api('POST', '/api/auth/login', { body: wrong })).status).toBe(401);
      // Signing in with the account she holds used to wipe the address's failures.
      expect((await server.t.api('POST', '/api/auth/login', { body: { login: 'mallory', password: 'mallory-password' } })).status).toBe(200);
    }
    expect((await server.t.api('POST', '/api/auth/login', { body: wrong })).status).toBe(429);
    server.t.clock.advance(60 * 60_000);
  });
});

describe('sign-in lockout per account', () => {
  // One proxy in front: each request's address is the last X-Forwarded-For entry.
  const server = useTestServer({ proxyHops: 1, deps: { loginThrottle: { maxFailures: 100, windowMs: 60_000, lockoutMs: 60_000, account: { maxFailures: 5, windowMs: 30 * 60_000, lockoutMs: 15 * 60_000 } } } });

  it('locks an account after 5 failures from anywhere, says so without revealing whether it exists, and audits it', async () => {
    const locked = 'Too many failed sign-ins for this account. Password sign-in is locked for now. Try again in 15 minutes.';
    for (let i = 0; i < 4; i++) expect((await loginVia(server, wrong, `198.51.100.${i}`)).status).toBe(401);
    expect(await loginVia(server, wrong, '198.51.100.99')).toEqual({ status: 429, message: locked });
    // The right password from a fresh address is refused too, before the password is checked.
    expect((await loginVia(server, right, '192.0.2.1')).status).toBe(429);
    // A name that does not exist locks the same way, with the same words.
    for (let i = 0; i < 4; i++) expect((await loginVia(server, { login: 'nobody-here', password: 'x' }, `198.51.100.${i}`)).status).toBe(401);
    expect(await loginVia(server, { login: 'nobody-here', password: 'x' }, '198.51.100.50')).toEqual({ status: 429, message: locked });

    const [rows] = await server.t.server.services.pool.query<(RowDataPacket & { actor_name: string; ip: string })[]>("SELECT actor_name, ip FROM audit_log WHERE action = 'auth.account_locked' ORDER BY id");
    expect(rows.map((row) => row.actor_name)).toEqual(['admin', 'nobody-here']);
    expect(rows[0]?.ip).toBe('198.51.100.99');

    // Another OnDeck process on the same database sees the same lock (the state is in MariaDB).
    const admin = await server.t.server.services.usersRepository.findCredentials(TEST_ADMIN.username);
    const secondProcess = new SignInThrottle(new SignInThrottleRepository(server.t.server.services.pool), server.t.clock);
    expect(await secondProcess.lockFor({ address: '203.0.113.200', account: accountKey(admin?.user.id ?? null, 'admin') })).toMatchObject({ scope: 'account' });

    server.t.clock.advance(15 * 60_000 + 1000);
    expect((await loginVia(server, right, '192.0.2.1')).status).toBe(200);
  });

  it('wrong current passwords on a password change count against the account too', async () => {
    await server.t.createUser({ username: 'changer', displayName: 'Changer', role: 'agent', password: 'changer-password' });
    const { accessToken } = await server.t.login('changer', 'changer-password');
    const change = { currentPassword: 'guess', newPassword: 'a-brand-new-password' };
    for (let i = 0; i < 4; i++) expect((await server.t.api('PUT', '/api/auth/password', { token: accessToken, body: change })).status).toBe(400);
    expect((await server.t.api('PUT', '/api/auth/password', { token: accessToken, body: change })).status).toBe(429);
    expect((await loginVia(server, { login: 'changer', password: 'changer-password' }, '192.0.2.77')).status).toBe(429);
    server.t.clock.advance(15 * 60_000 + 1000);
  });

  it('counts failures arriving at once from two processes without losing any', async () => {
    const repository = (): SignInThrottleRepository => new SignInThrottleRepository(server.t.server.services.pool);
    const [first, second] = [repository(), repository()];
    const rule = { maxFailures: 10, windowMs: 60_000, lockoutMs: 60_000 };
    const now = new Date(server.t.clock.now());
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).recordFailure('address', '198.51.100.200', now, rule)));
    // Exactly the tenth failure locks: none was lost to a race.
    expect(results.filter((lockedUntil) => lockedUntil !== null)).toHaveLength(1);
    expect(await first.lockedUntil('address', '198.51.100.200', now)).not.toBeNull();
  });

  it('a success clears only the account that succeeded', async () => {
    await server.t.createUser({ username: 'victim', displayName: 'Victim', role: 'agent', password: 'victim-password' });
    for (let i = 0; i < 4; i++) expect((await loginVia(server, { login: 'victim', password: 'guess' }, '198.51.100.7')).status).toBe(401);
    expect((await loginVia(server, right, '198.51.100.7')).status).toBe(200);
    expect((await loginVia(server, { login: 'victim', password: 'guess' }, '198.51.100.7')).status).toBe(429);
  });
});

describe('client address behind a proxy', () => {
  const server = useTestServer({ proxyHops: 1, deps: { loginThrottle: { maxFailures: 3, windowMs: 60_000, lockoutMs: 60_000 } } });

  it('counts the address the proxy saw, whatever the client writes to the left of it', async () => {
    for (let i = 0; i < 2; i++) expect((await loginVia(server, { login: `user${i}`, password: 'x' }, `10.66.0.${i}, 203.0.113.9`)).status).toBe(401);
    expect((await loginVia(server, { login: 'user9', password: 'x' }, '10.66.0.77, 203.0.113.9')).message).toContain('from this address');
    // Another real client behind the same proxy is not affected.
    expect((await loginVia(server, right, '203.0.113.10')).status).toBe(200);
    const [rows] = await server.t.server.services.pool.query<(RowDataPacket & { ip: string })[]>("SELECT DISTINCT ip FROM audit_log WHERE action = 'auth.login' AND result = 'failure'");
    expect(rows.map((row) => row.ip)).toEqual(['203.0.113.9']);
  });

  it('gives a socket the same address as REST', async () => {
    const { accessToken } = await server.t.login(TEST_ADMIN.username, TEST_ADMIN.password);
    const socket = connect(server.t.url, { auth: { token: accessToken }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'X-Forwarded-For': '6.6.6.6, 203.0.113.44' } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const [serverSide] = await server.t.server.io.fetchSockets();
      expect(serverSide?.handshake.address).toBe('203.0.113.44');
    } finally {
      socket.close();
    }
  });
});
