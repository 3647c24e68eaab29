import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { LoginResponse } from '@ondeck/shared';
import { usersApi } from '../api/endpoints';
import { REFRESH_LEAD_MS, SESSION_ENDED_MESSAGE, useSessionStore } from './session';

interface Call {
  method: string;
  url: string;
  authorization: string | null;
}

type Responder = (call: Call) => Response;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function session(token: string, expiresIn = 600): LoginResponse {
  return {
    accessToken: token,
    expiresIn,
    user: { id: 7, username: 'ada', displayName: 'Ada', role: 'admin', extension: '1001', monitorModes: [], scope: { extensions: [], queues: [] } },
  };
}

/** A fake fetch that answers from a route table and records every call. */
function installFakeFetch(routes: Record<string, Responder[]>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    const call = { method: init.method ?? 'GET', url, authorization: headers.get('Authorization') };
    calls.push(call);
    const queue = routes[`${call.method} ${url}`];
    const responder = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!responder) throw new TypeError('Failed to fetch');
    return responder(call);
  });
  return calls;
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.cookie = 'ondeck_session=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('session store', () => {
  it('keeps the access token in memory after login and sends it as a bearer token', async () => {
    const calls = installFakeFetch({
      'POST /api/auth/login': [() => json(200, session('first'))],
      'GET /api/users': [() => json(200, [])],
    });
    const store = useSessionStore();
    await store.login('ada', 'secret-password');
    await usersApi.list();
    expect(store.isSignedIn).toBe(true);
    expect(store.user?.username).toBe('ada');
    expect(calls.at(-1)?.authorization).toBe('Bearer first');
    expect(localStorage.length).toBe(0);
  });

  it('renews the token a minute before it expires', async () => {
    const calls = installFakeFetch({
      'POST /api/auth/login': [() => json(200, session('first', 600))],
      'POST /api/auth/refresh': [() => json(200, session('second', 600))],
    });
    const store = useSessionStore();
    await store.login('ada', 'secret-password');
    await vi.advanceTimersByTimeAsync(600_000 - REFRESH_LEAD_MS - 1_000);
    expect(calls.filter((call) => call.url === '/api/auth/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls.filter((call) => call.url === '/api/auth/refresh')).toHaveLength(1);
    expect(store.accessToken).toBe('second');
  });

  it('refreshes once on token_expired and retries the request with the new token', async () => {
    const calls = installFakeFetch({
      'POST /api/auth/login': [() => json(200, session('stale'))],
      'POST /api/auth/refresh': [() => json(200, session('fresh'))],
      'GET /api/users': [
        () => json(401, { error: { code: 'token_expired', message: 'Access token expired' } }),
        (call) => (call.authorization === 'Bearer fresh' ? json(200, [{ id: 1 }]) : json(401, {})),
      ],
    });
    const store = useSessionStore();
    await store.login('ada', 'secret-password');
    await expect(usersApi.list()).resolves.toEqual([{ id: 1 }]);
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST /api/auth/login',
      'GET /api/users',
      'POST /api/auth/refresh',
      'GET /api/users',
    ]);
  });

  it('shares one refresh between concurrent expired requests', async () => {
    const calls = installFakeFetch({
      'POST /api/auth/login': [() => json(200, session('stale'))],
      'POST /api/auth/refresh': [() => json(200, session('fresh'))],
      'GET /api/users': [(call) => (call.authorization === 'Bearer fresh' ? json(200, []) : json(401, { error: { code: 'token_expired', message: 'expired' } }))],
    });
    const store = useSessionStore();
    await store.login('ada', 'secret-password');
    await Promise.all([usersApi.list(), usersApi.list(), usersApi.list()]);
    expect(calls.filter((call) => call.url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('does not retry a request a second time when the refreshed token is refused again', async () => {
    const expired = () => json(401, { error: { code: 'token_expired', message: 'expired' } });
    const calls = installFakeFetch({
      'POST /api/auth/login': [() => json(200, session('stale'))],
      'POST /api/auth/refresh': [() => json(200, session('fresh'))],
      'GET /api/users': [expired],
    });
    const store = useSessionStore();
    await store.login('ada', 'secret-password');
    await expect(usersApi.list()).rejects.toMatchObject({ status: 401, code: 'token_expired' });
    expect(calls.filter((call) => call.url === '/api/users')).toHaveLength(2);
  });

  it('ends the session with a message when the refresh is refused', async () => {
    installFakeFetch({
      'POST /api/auth/login': [() => json(200, session('stale'))],
      'POST /api/auth/refresh': [() => json(401, { error: { code: 'token_revoked', message: 'Session revoked' } })],
      'GET /api/users': [() => json(401, { error: { code: 'token_expired', message: 'expired' } })],
    });
    const store = useSessionStore();
    await store.login('ada', 'secret-password');
    await expect(usersApi.list()).rejects.toMatchObject({ code: 'token_expired' });
    expect(store.isSignedIn).toBe(false);
    expect(store.accessToken).toBeNull();
    expect(store.notice).toBe(SESSION_ENDED_MESSAGE);
  });

  it('ends the session with the server message when the API says it was revoked', async () => {
    installFakeFetch({
      'POST /api/auth/login': [() => json(200, session('first'))],
      'GET /api/users': [() => json(401, { error: { code: 'token_revoked', message: 'Your account was signed out by an administrator.' } })],
    });
    const store = useSessionStore();
    await store.login('ada', 'secret-password');
    await expect(usersApi.list()).rejects.toMatchObject({ code: 'token_revoked' });
    expect(store.isSignedIn).toBe(false);
    expect(store.notice).toBe('Your account was signed out by an administrator.');
  });

  it('keeps the session on a 403: lacking a right is not being signed out', async () => {
    installFakeFetch({
      'POST /api/auth/login': [() => json(200, session('first'))],
      'GET /api/users': [() => json(403, { error: { code: 'forbidden', message: 'Admins only' } })],
    });
    const store = useSessionStore();
    await store.login('ada', 'secret-password');
    await expect(usersApi.list()).rejects.toMatchObject({ status: 403, message: 'Admins only' });
    expect(store.isSignedIn).toBe(true);
  });

  it('keeps the session and retries later when the server cannot be reached', async () => {
    let reachable = false;
    installFakeFetch({
      'POST /api/auth/login': [() => json(200, session('first', 120))],
      'POST /api/auth/refresh': [
        () => {
          if (!reachable) throw new TypeError('Failed to fetch');
          return json(200, session('second', 120));
        },
      ],
    });
    const store = useSessionStore();
    await store.login('ada', 'secret-password');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.isSignedIn).toBe(true);
    expect(store.accessToken).toBe('first');
    reachable = true;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(store.accessToken).toBe('second');
  });

  it('does not probe the refresh endpoint when the server left no session hint (no 401 for visitors)', async () => {
    const calls = installFakeFetch({});
    const store = useSessionStore();
    await store.restore();
    expect(calls).toEqual([]);
    expect(store.restored).toBe(true);
    expect(store.isSignedIn).toBe(false);
  });

  it('resumes from the refresh cookie when the session hint is there', async () => {
    document.cookie = 'ondeck_session=1; path=/';
    installFakeFetch({ 'POST /api/auth/refresh': [() => json(200, session('resumed'))] });
    const store = useSessionStore();
    await store.restore();
    expect(store.isSignedIn).toBe(true);
    expect(store.accessToken).toBe('resumed');
  });

  it('restores quietly: an expired cookie means signed out without a message', async () => {
    document.cookie = 'ondeck_session=1; path=/';
    installFakeFetch({
      'POST /api/auth/refresh': [() => json(401, { error: { code: 'unauthenticated', message: 'No session' } })],
    });
    const store = useSessionStore();
    await store.restore();
    expect(store.restored).toBe(true);
    expect(store.isSignedIn).toBe(false);
    expect(store.notice).toBeNull();
  });

  it('turns an error body into an ApiRequestError carrying the server message and fields', async () => {
    installFakeFetch({
      'POST /api/auth/login': [
        () => json(400, { error: { code: 'validation_failed', message: 'Invalid input', fields: { login: 'is required' } } }),
      ],
    });
    const store = useSessionStore();
    await expect(store.login('', 'x')).rejects.toMatchObject({
      message: 'Invalid input',
      status: 400,
      error: { fields: { login: 'is required' } },
    });
  });
});
