import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, LoginResponse, SessionUser } from '@ondeck/shared';
import { refreshCookieFrom, startTestServer, TEST_ADMIN, type TestServer } from './harness';

const errorCode = (body: unknown): string | undefined => (body as ApiErrorBody | null)?.error?.code;

describe('sign-in, tokens and sessions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.createUser({ username: 'alice', displayName: 'Alice', role: 'agent', extension: '2001', password: 'alice-password' });
    // A username made of digits must win over someone else's extension with the same digits.
    await t.createUser({ username: '2002', displayName: 'Digits', role: 'agent', extension: null, password: 'digits-password' });
    await t.createUser({ username: 'bob', displayName: 'Bob', role: 'supervisor', extension: '2002', password: 'bob-password' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('signs in by username and returns token, user and an httpOnly refresh cookie', async () => {
    const response = await t.api('POST', '/api/auth/login', { body: { login: 'alice', password: 'alice-password' } });
    expect(response.status).toBe(200);
    const body = response.body as LoginResponse;
    expect(body.user).toMatchObject({ username: 'alice', role: 'agent', extension: '2001' });
    // The own extension is always part of an agent's scope.
    expect(body.user.scope.extensions).toContain('2001');
    expect(body.expiresIn).toBe(600);
    expect(response.setCookie).toMatch(/ondeck_refresh=[^;]+/);
    expect(response.setCookie).toMatch(/httponly/i);
    expect(response.setCookie).toMatch(/samesite=strict/i);
    expect(response.setCookie).toMatch(/path=\/api\/auth/i);
    expect(JSON.stringify(body)).not.toContain('password');
  });

  it('signs in by extension', async () => {
    const session = await t.login('2001', 'alice-password');
    expect(session.response.user.username).toBe('alice');
  });

  it('prefers a username over an extension with the same digits', async () => {
    const session = await t.login('2002', 'digits-password');
    expect(session.response.user.username).toBe('2002');
  });

  it('refuses a wrong password and an unknown user with the same words', async () => {
    const wrong = await t.api('POST', '/api/auth/login', { body: { login: 'alice', password: 'nope-nope' } });
    const unknown = await t.api('POST', '/api/auth/login', { body: { login: 'nobody', password: 'nope-nope' } });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong username, extension or password.' } });
    }
  });

  it('explains which login fields are missing', async () => {
    const response = await t.api('POST', '/api/auth/login', { body: { login: '' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: 'validation_failed', fields: { login: expect.any(String), password: expect.any(String) } },
    });
  });

  it('rejects a body that is not JSON with a 400', async () => {
    const response = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{nope' });
    expect(response.status).toBe(400);
    expect(errorCode(await response.json())).toBe('bad_request');
  });

  it('GET /api/auth/me returns the signed-in user and refuses anonymous and forged tokens', async () => {
    const session = await t.login('alice', 'alice-password');
    const me = await t.api('GET', '/api/auth/me', { token: session.accessToken });
    expect(me.status).toBe(200);
    expect((me.body as SessionUser).username).toBe('alice');

    const anonymous = await t.api('GET', '/api/auth/me');
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous.body)).toBe('unauthenticated');

    const [header, payload] = session.accessToken.split('.');
    const forged = await t.api('GET', '/api/auth/me', { token: `${header}.${payload}.${'A'.repeat(43)}` });
    expect(forged.status).toBe(401);
  });

  it('expires access tokens after the configured lifetime', async () => {
    const session = await t.login('alice', 'alice-password');
    t.clock.advance(9 * 60_000);
    expect((await t.api('GET', '/api/auth/me', { token: session.accessToken })).status).toBe(200);
    t.clock.advance(2 * 60_000);
    const expired = await t.api('GET', '/api/auth/me', { token: session.accessToken });
    expect(expired.status).toBe(401);
    expect(errorCode(expired.body)).toBe('token_expired');
  });

  it('rotates the refresh token on each use and revokes the family when an old one comes back', async () => {
    const session = await t.login('alice', 'alice-password');
    const first = await t.api('POST', '/api/auth/refresh', { cookie: session.cookie });
    expect(first.status).toBe(200);
    const rotatedCookie = refreshCookieFrom(first.setCookie);
    expect(rotatedCookie).not.toBe(session.cookie);
    expect(rotatedCookie).not.toBe('ondeck_refresh=');
    expect((first.body as LoginResponse).accessToken).toEqual(expect.any(String));

    const second = await t.api('POST', '/api/auth/refresh', { cookie: rotatedCookie });
    expect(second.status).toBe(200);
    const newest = refreshCookieFrom(second.setCookie);

    // Within a few seconds a second use is another tab racing this one: it is answered.
    expect((await t.api('POST', '/api/auth/refresh', { cookie: rotatedCookie })).status).toBe(200);

    // Later, the first cookie coming back means someone copied it. Everything in that sign-in ends.
    t.clock.advance(11_000);
    const reuse = await t.api('POST', '/api/auth/refresh', { cookie: session.cookie });
    expect(reuse.status).toBe(401);
    expect(errorCode(reuse.body)).toBe('token_revoked');
    const afterReuse = await t.api('POST', '/api/auth/refresh', { cookie: newest });
    expect(afterReuse.status).toBe(401);

    // Other sign-ins of the same user are not affected.
    const other = await t.login('alice', 'alice-password');
    expect((await t.api('POST', '/api/auth/refresh', { cookie: other.cookie })).status).toBe(200);
  });

  it('answers two tabs refreshing with the same cookie at the same moment', async () => {
    const session = await t.login('alice', 'alice-password');
    const [a, b] = await Promise.all([
      t.api('POST', '/api/auth/refresh', { cookie: session.cookie }),
      t.api('POST', '/api/auth/refresh', { cookie: session.cookie }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await t.api('POST', '/api/auth/refresh', { cookie: refreshCookieFrom(b.setCookie) })).status).toBe(200);
  });

  it('refuses a refresh token past its lifetime', async () => {
    const session = await t.login('alice', 'alice-password');
    t.clock.advance(7 * 86_400_000 + 1000);
    const response = await t.api('POST', '/api/auth/refresh', { cookie: session.cookie });
    expect(response.status).toBe(401);
    expect(errorCode(response.body)).toBe('token_expired');
    expect(response.setCookie).toMatch(/ondeck_refresh=;/);
  });

  it('refuses refresh without a cookie or with a made-up one', async () => {
    expect((await t.api('POST', '/api/auth/refresh')).status).toBe(401);
    expect((await t.api('POST', '/api/auth/refresh', { cookie: 'ondeck_refresh=made-up' })).status).toBe(401);
  });

  it('sets a readable session hint (no token in it) with the refresh cookie and clears it on logout', async () => {
    const login = await t.api('POST', '/api/auth/login', { body: { login: 'alice', password: 'alice-password' } });
    const hint = login.headers.getSetCookie().find((cookie) => cookie.startsWith('ondeck_session='));
    expect(hint).toMatch(/^ondeck_session=1;/);
    expect(hint).not.toMatch(/httponly/i);
    expect(hint).toMatch(/path=\/;/i);
    const cookie = /ondeck_refresh=[^;]*/.exec(login.setCookie ?? '')?.[0] ?? '';
    const logout = await t.api('POST', '/api/auth/logout', { cookie });
    expect(logout.headers.getSetCookie().find((c) => c.startsWith('ondeck_session='))).toMatch(/^ondeck_session=;.*expires=Thu, 01 Jan 1970/i);
  });

  it('logout revokes the refresh token and clears the cookie', async () => {
    const session = await t.login('alice', 'alice-password');
    const logout = await t.api('POST', '/api/auth/logout', { cookie: session.cookie });
    expect(logout.status).toBe(204);
    expect(logout.setCookie).toMatch(/ondeck_refresh=;/);
    expect((await t.api('POST', '/api/auth/refresh', { cookie: session.cookie })).status).toBe(401);
  });

  it('changes the own password: current one required, other sessions end, this one continues', async () => {
    const here = await t.login('bob', 'bob-password');
    const elsewhere = await t.login('bob', 'bob-password');

    const wrongCurrent = await t.api('PUT', '/api/auth/password', {
      token: here.accessToken,
      body: { currentPassword: 'not-it', newPassword: 'bob-new-password' },
    });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body).toMatchObject({ error: { fields: { currentPassword: 'is wrong' } } });

    const tooShort = await t.api('PUT', '/api/auth/password', {
      token: here.accessToken,
      body: { currentPassword: 'bob-password', newPassword: 'short' },
    });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toMatchObject({ error: { fields: { newPassword: expect.stringContaining('8') } } });

    const changed = await t.api('PUT', '/api/auth/password', {
      token: here.accessToken,
      body: { currentPassword: 'bob-password', newPassword: 'bob-new-password' },
    });
    expect(changed.status).toBe(200);
    const fresh = changed.body as LoginResponse;
    expect((await t.api('GET', '/api/auth/me', { token: fresh.accessToken })).status).toBe(200);
    expect((await t.api('GET', '/api/auth/me', { token: elsewhere.accessToken })).status).toBe(401);
    expect((await t.api('POST', '/api/auth/refresh', { cookie: elsewhere.cookie })).status).toBe(401);
    expect((await t.api('POST', '/api/auth/login', { body: { login: 'bob', password: 'bob-password' } })).status).toBe(401);
    await t.login('bob', 'bob-new-password');
  });

  it('refuses a disabled account even with the right password', async () => {
    await t.createUser({ username: 'carol', displayName: 'Carol', role: 'agent', password: 'carol-password', disabled: true });
    const response = await t.api('POST', '/api/auth/login', { body: { login: 'carol', password: 'carol-password' } });
    expect(response.status).toBe(403);
    expect((response.body as ApiErrorBody).error.message).toMatch(/disabled/);
  });

  it('creates exactly one first admin on a fresh database', async () => {
    const admin = await t.login(TEST_ADMIN.username, TEST_ADMIN.password);
    expect(admin.response.user.role).toBe('admin');
    expect(t.printed.join('')).toContain('First start');
  });
});
