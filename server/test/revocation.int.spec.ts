import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, DisconnectReason, ServerToClientEvents, SessionUser, UserRecord } from '@ondeck/shared';
import { startTestServer, TEST_ADMIN, type TestServer } from './harness';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function openSocket(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Resolves with the `session:ended` payload once the server has also disconnected the socket. */
function sessionEnd(socket: ClientSocket): Promise<{ reason: DisconnectReason; message: string; disconnect: string }> {
  return new Promise((resolve) => {
    socket.once('session:ended', (ended) => {
      socket.once('disconnect', (disconnect) => resolve({ ...ended, disconnect }));
    });
  });
}

describe('sessions are cut at once, over REST and sockets', () => {
  let t: TestServer;
  let admin: string;
  const sockets: ClientSocket[] = [];
  let counter = 0;

  async function agentWithSocket(): Promise<{ id: number; token: string; cookie: string; socket: ClientSocket }> {
    counter += 1;
    const user = await t.createUser({ username: `agent${counter}`, displayName: 'Agent', role: 'agent', extension: `40${counter}0`, password: 'agent-password' });
    const session = await t.login(user.username, 'agent-password');
    const socket = await openSocket(t.url, session.accessToken);
    sockets.push(socket);
    return { id: user.id, token: session.accessToken, cookie: session.cookie, socket };
  }

  beforeAll(async () => {
    t = await startTestServer();
    admin = (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses a socket without a valid token', async () => {
    await expect(openSocket(t.url, 'not-a-token')).rejects.toMatchObject({ message: expect.stringContaining('not signed in') });
  });

  it('refuses a socket whose token was revoked, saying why', async () => {
    const agent = await agentWithSocket();
    expect((await t.api('PATCH', `/api/users/${agent.id}`, { token: admin, body: { role: 'supervisor' } })).status).toBe(200);
    const refused = await openSocket(t.url, agent.token).catch((error: { data?: unknown }) => error.data);
    expect(refused).toMatchObject({ code: 'token_revoked' });
  });

  it('sends the current PBX status on connect (disabled until the PBX module provides one)', async () => {
    const session = await t.login(TEST_ADMIN.username, TEST_ADMIN.password);
    const socket: ClientSocket = connect(t.url, { auth: { token: session.accessToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const status = await new Promise((resolve) => socket.once('pbx:status', resolve));
    expect(status).toMatchObject({ state: 'disabled' });
  });

  it('disabling a user ends REST access and their sockets with account_disabled', async () => {
    const agent = await agentWithSocket();
    const ended = sessionEnd(agent.socket);
    expect((await t.api('PATCH', `/api/users/${agent.id}`, { token: admin, body: { disabled: true } })).status).toBe(200);
    expect(await ended).toMatchObject({ reason: 'account_disabled', message: expect.stringContaining('disabled'), disconnect: 'io server disconnect' });
    expect((await t.api('GET', '/api/auth/me', { token: agent.token })).status).toBe(401);
    expect((await t.api('POST', '/api/auth/refresh', { cookie: agent.cookie })).status).toBe(401);
  });

  it('deleting a user ends their sessions', async () => {
    const agent = await agentWithSocket();
    const ended = sessionEnd(agent.socket);
    expect((await t.api('DELETE', `/api/users/${agent.id}`, { token: admin })).status).toBe(204);
    expect((await ended).reason).toBe('account_disabled');
    expect((await t.api('GET', '/api/auth/me', { token: agent.token })).status).toBe(401);
  });

  it('a role change ends sessions with token_revoked', async () => {
    const agent = await agentWithSocket();
    const ended = sessionEnd(agent.socket);
    expect((await t.api('PATCH', `/api/users/${agent.id}`, { token: admin, body: { role: 'supervisor' } })).status).toBe(200);
    expect((await ended).reason).toBe('token_revoked');
    const me = await t.api('GET', '/api/auth/me', { token: agent.token });
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ error: { code: 'token_revoked' } });
  });

  it('a password reset by an admin ends their sockets', async () => {
    const agent = await agentWithSocket();
    const ended = sessionEnd(agent.socket);
    expect((await t.api('POST', `/api/users/${agent.id}/password`, { token: admin, body: { password: 'brand-new-password' } })).status).toBe(204);
    expect(await ended).toMatchObject({ reason: 'token_revoked', message: expect.stringContaining('reset your password') });
  });

  it('a scope change keeps the session and pushes the new user to the socket', async () => {
    const agent = await agentWithSocket();
    const changed: number[] = [];
    t.server.services.accountEvents.on('userChanged', (id) => changed.push(id));
    const pushed = new Promise<SessionUser>((resolve) => agent.socket.once('session:user', resolve));
    expect((await t.api('PATCH', `/api/users/${agent.id}`, { token: admin, body: { scope: { extensions: ['5555'] } } })).status).toBe(200);
    const user = await pushed;
    expect(user.scope.extensions).toEqual(expect.arrayContaining(['5555']));
    expect(changed).toContain(agent.id);
    expect(agent.socket.connected).toBe(true);
    expect((await t.api('GET', '/api/auth/me', { token: agent.token })).status).toBe(200);
  });

  it('logout closes only the sockets of that sign-in', async () => {
    const agent = await agentWithSocket();
    const user = (await t.api('GET', '/api/auth/me', { token: agent.token })).body as UserRecord;
    const otherSession = await t.login(user.username, 'agent-password');
    const otherSocket = await openSocket(t.url, otherSession.accessToken);
    sockets.push(otherSocket);
    const ended = sessionEnd(agent.socket);
    expect((await t.api('POST', '/api/auth/logout', { cookie: agent.cookie })).status).toBe(204);
    expect((await ended).reason).toBe('logged_out');
    expect(otherSocket.connected).toBe(true);
  });

  it('after sign-out that sign-in\'s access token is refused for REST and for a new socket, the other sign-in keeps working', async () => {
    const agent = await agentWithSocket();
    const user = (await t.api('GET', '/api/auth/me', { token: agent.token })).body as UserRecord;
    const other = await t.login(user.username, 'agent-password');
    const ended = sessionEnd(agent.socket);
    expect((await t.api('POST', '/api/auth/logout', { cookie: agent.cookie })).status).toBe(204);
    expect((await ended).reason).toBe('logged_out');
    const me = await t.api('GET', '/api/auth/me', { token: agent.token });
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ error: { code: 'token_revoked' } });
    const refused = await openSocket(t.url, agent.token).catch((error: { data?: unknown }) => error.data);
    expect(refused).toMatchObject({ code: 'token_revoked' });
    expect((await t.api('GET', '/api/auth/me', { token: other.accessToken })).status).toBe(200);
  });

  it('a reused refresh token ends that session\'s access token and its sockets at once', async () => {
    const agent = await agentWithSocket();
    const rotated = await t.api('POST', '/api/auth/refresh', { cookie: agent.cookie });
    expect(rotated.status).toBe(200);
    const newToken = (rotated.body as { accessToken: string }).accessToken;
    t.clock.advance(60_000); // past the grace for two tabs refreshing together
    const ended = sessionEnd(agent.socket);
    expect((await t.api('POST', '/api/auth/refresh', { cookie: agent.cookie })).status).toBe(401);
    expect((await ended).reason).toBe('token_revoked');
    expect((await t.api('GET', '/api/auth/me', { token: agent.token })).status).toBe(401);
    expect((await t.api('GET', '/api/auth/me', { token: newToken })).status).toBe(401);
    const refused = await openSocket(t.url, newToken).catch((error: { data?: unknown }) => error.data);
    expect(refused).toMatchObject({ code: 'token_revoked' });
  });

  it('closes a socket when its token expires, unless renewed', async () => {
    const agent = await agentWithSocket();
    const renewedAgent = await agentWithSocket();
    t.clock.advance(9 * 60_000);
    const fresh = await t.api('POST', '/api/auth/refresh', { cookie: renewedAgent.cookie });
    const ack = await renewedAgent.socket.emitWithAck('session:renew', { accessToken: (fresh.body as { accessToken: string }).accessToken });
    expect(ack).toMatchObject({ ok: true, data: { expiresAt: expect.any(Number) } });

    const badAck = await renewedAgent.socket.emitWithAck('session:renew', { accessToken: '' });
    expect(badAck).toMatchObject({ ok: false, error: { code: 'validation_failed' } });

    const ended = sessionEnd(agent.socket);
    t.clock.advance(2 * 60_000);
    t.server.services.realtime.enforceExpiry();
    expect((await ended).reason).toBe('token_expired');
    expect(renewedAgent.socket.connected).toBe(true);
  });

  it('a renew with another user\'s token is refused', async () => {
    const first = await agentWithSocket();
    const second = await agentWithSocket();
    const ack = await first.socket.emitWithAck('session:renew', { accessToken: second.token });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
