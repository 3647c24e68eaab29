import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import type { LoginResponse } from '@ondeck/shared';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket to drive the store from the outside. */
class FakeSocket {
  connected = false;
  active = true;
  readonly handlers = new Map<string, Handler[]>();
  readonly emitted: { event: string; payload: unknown }[] = [];
  readonly io = { on: vi.fn(), removeAllListeners: vi.fn() };
  readonly options: { auth: (send: (data: unknown) => void) => void };

  constructor(options: FakeSocket['options']) {
    this.options = options;
  }

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  emit(event: string, payload: unknown, ack?: (result: unknown) => void): this {
    this.emitted.push({ event, payload });
    ack?.({ ok: true, data: { expiresAt: 0 } });
    return this;
  }

  /** The server (or the transport) did something. */
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }

  connect = vi.fn(() => {
    this.active = true;
    return this;
  });

  disconnect = vi.fn(() => {
    this.connected = false;
    this.active = false;
    return this;
  });

  removeAllListeners = vi.fn();
}

const sockets: FakeSocket[] = [];
vi.mock('socket.io-client', () => ({
  io: (options: FakeSocket['options']) => {
    const socket = new FakeSocket(options);
    sockets.push(socket);
    return socket;
  },
}));

const { useSessionStore } = await import('./session');
const { useSocketStore } = await import('./socket');

function loginResponse(token: string): LoginResponse {
  return {
    accessToken: token,
    expiresIn: 600,
    user: { id: 3, username: 'sam', displayName: 'Sam', role: 'supervisor', extension: '1001', monitorModes: [], scope: { extensions: [], queues: [] } },
  };
}

async function signedInSocket() {
  let refreshAnswer: () => Response = () => new Response(JSON.stringify(loginResponse('renewed')), { status: 200 });
  vi.stubGlobal('fetch', async (url: string) =>
    url === '/api/auth/login' ? new Response(JSON.stringify(loginResponse('first')), { status: 200 }) : refreshAnswer(),
  );
  const session = useSessionStore();
  await session.login('sam', 'secret-password');
  const store = useSocketStore();
  store.connect();
  const socket = sockets.at(-1);
  if (!socket) throw new Error('no socket created');
  return { session, store, socket, answerRefreshWith: (answer: () => Response) => (refreshAnswer = answer) };
}

beforeEach(() => {
  setActivePinia(createPinia());
  sockets.length = 0;
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('socket store', () => {
  it('presents the current access token and reports Live once connected', async () => {
    const { store, socket } = await signedInSocket();
    expect(store.label).toBe('Connecting');
    let presented: unknown;
    socket.options.auth((data) => (presented = data));
    expect(presented).toEqual({ token: 'first' });
    socket.fire('connect');
    expect(store.state).toBe('live');
    expect(store.label).toBe('Live');
  });

  it('shows Reconnecting when the transport drops and Offline when the server closes it', async () => {
    const { store, socket } = await signedInSocket();
    socket.fire('connect');
    socket.fire('disconnect', 'transport close');
    expect(store.label).toBe('Reconnecting');
    socket.fire('connect');
    socket.fire('disconnect', 'io server disconnect');
    expect(store.label).toBe('Offline');
  });

  it('hands the live socket every renewed token', async () => {
    const { session, socket } = await signedInSocket();
    socket.fire('connect');
    await session.refresh();
    await nextTick();
    expect(socket.emitted).toContainEqual({ event: 'session:renew', payload: { accessToken: 'renewed' } });
  });

  it('signs out with the server message when the account is disabled', async () => {
    const { session, store, socket } = await signedInSocket();
    socket.fire('connect');
    socket.fire('session:ended', { reason: 'account_disabled', message: 'Your account has been disabled.' });
    expect(session.isSignedIn).toBe(false);
    expect(session.notice).toBe('Your account has been disabled.');
    expect(socket.disconnect).toHaveBeenCalled();
    expect(store.state).toBe('idle');
  });

  it('renews an expired token and reconnects instead of signing out', async () => {
    const { session, socket } = await signedInSocket();
    socket.fire('connect');
    socket.fire('session:ended', { reason: 'token_expired', message: 'Your session expired.' });
    socket.disconnect();
    await vi.waitFor(() => expect(session.accessToken).toBe('renewed'));
    await nextTick();
    expect(session.isSignedIn).toBe(true);
    expect(socket.connect).toHaveBeenCalled();
  });

  it('hands its socket to the panel store, which then follows the connection', async () => {
    const { usePbxStore } = await import('./pbx');
    const { socket } = await signedInSocket();
    const pbx = usePbxStore();
    expect(socket.handlers.has('panel:snapshot')).toBe(true);
    socket.fire('connect');
    expect(pbx.connected).toBe(true);
    useSocketStore().disconnect();
    expect(pbx.connected).toBe(false);
  });

  it('passes the pushed user record to the session, but only for the same user', async () => {
    const { session, socket } = await signedInSocket();
    socket.fire('session:user', { ...loginResponse('x').user, displayName: 'Sam Renamed' });
    expect(session.user?.displayName).toBe('Sam Renamed');
    socket.fire('session:user', { ...loginResponse('x').user, id: 99, displayName: 'Someone else' });
    expect(session.user?.displayName).toBe('Sam Renamed');
  });
});
