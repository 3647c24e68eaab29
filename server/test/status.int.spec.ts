import { EventEmitter } from 'node:events';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PbxStatus, ServerToClientEvents } from '@ondeck/shared';
import type { PbxStatusSource } from '../src/health';
import { TEST_ADMIN, useTestServer } from './harness';

/** Stands in for the PBX module's link state. */
class FakePbxStatus extends EventEmitter<{ change: [PbxStatus] }> implements PbxStatusSource {
  status: PbxStatus = { state: 'reconnecting', since: '2026-11-21T10:00:00.000Z', lastError: 'ECONNREFUSED 127.0.0.1:5038', banner: 'Asterisk Call Manager/11.0.0' };
  current(): PbxStatus {
    return this.status;
  }
  set(status: PbxStatus): void {
    this.status = status;
    this.emit('change', status);
  }
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('PBX link status', () => {
  const pbxStatus = new FakePbxStatus();
  const server = useTestServer({ deps: { pbxStatus } });
  const sockets: ClientSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  beforeAll(async () => {
    await server.t.createUser({ username: 'viewer', displayName: 'Viewer', role: 'agent', password: 'viewer-password' });
  });
  const agentToken = async (): Promise<string> => (await server.t.login('viewer', 'viewer-password')).accessToken;

  /** Connects and resolves with the socket and the status it was sent on connect. */
  function connectWith(token: string): Promise<{ socket: ClientSocket; initial: PbxStatus }> {
    const socket: ClientSocket = connect(server.t.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return new Promise((resolve) => socket.once('pbx:status', (initial) => resolve({ socket, initial })));
  }

  it('shows admins the whole status and everyone else only the state', async () => {
    const admin = await server.t.api('GET', '/api/status', { token: server.adminToken });
    expect(admin.body).toEqual(pbxStatus.status);
    const agent = await server.t.api('GET', '/api/status', { token: await agentToken() });
    expect(agent.body).toEqual({ state: 'reconnecting', since: null, lastError: null, banner: null });
  });

  it('pushes changes to sockets, again full for admins and state-only for others', async () => {
    const admin = await connectWith((await server.t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken);
    const agent = await connectWith(await agentToken());
    expect(admin.initial.lastError).toContain('ECONNREFUSED');
    expect(agent.initial.lastError).toBeNull();

    const adminUpdate = new Promise<PbxStatus>((resolve) => admin.socket.once('pbx:status', resolve));
    const agentUpdate = new Promise<PbxStatus>((resolve) => agent.socket.once('pbx:status', resolve));
    pbxStatus.set({ state: 'auth_failed', since: '2026-11-21T10:05:00.000Z', lastError: 'Authentication failed', banner: null });
    expect(await adminUpdate).toMatchObject({ state: 'auth_failed', lastError: 'Authentication failed' });
    expect(await agentUpdate).toEqual({ state: 'auth_failed', since: null, lastError: null, banner: null });
  });
});
