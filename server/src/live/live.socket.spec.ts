import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import type { ClientToServerEvents, ModelChange, PanelDelta, PanelSnapshot, PbxSnapshot, ServerToClientEvents } from '@ondeck/shared';
import { createLogger } from '../logging';
import type { OnDeckIo } from '../realtime';
import { AccountEvents, type User } from '../users';
import { createLivePanel, type LivePanel } from './index';
import type { AuditEntry } from '../db';
import { systemTimers } from '../lib/clock';
import { call, extension, externalParty, internalParty, queue, snapshotOf } from './testing/panel-fixtures';
import type { PbxFeed } from './ports';

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
type Message = { type: 'snapshot'; payload: PanelSnapshot } | { type: 'delta'; payload: PanelDelta };

class FakePbx implements PbxFeed {
  current: PbxSnapshot = snapshotOf({
    extensions: [extension('1001', ['c1']), extension('1005', ['c2'])],
    calls: [call('c1', internalParty('1001'), externalParty('+15550100')), call('c2', internalParty('1005'), internalParty('1006'))],
    queues: [queue('sales', ['1001']), queue('support', ['1005'])],
  });
  private readonly listeners = new Set<(change: ModelChange) => void>();
  snapshot(): PbxSnapshot {
    return this.current;
  }
  subscribe(listener: (change: ModelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(change: ModelChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function user(id: number, fields: Partial<User>): User {
  const now = new Date(0);
  return {
    id,
    username: `user${id}`,
    displayName: `User ${id}`,
    role: 'supervisor',
    extension: '1002',
    monitorModes: ['listen'],
    scope: { extensions: ['1001'], queues: ['sales'] },
    disabled: false,
    tokenVersion: 1,
    createdAt: now,
    updatedAt: now,
    lastLoginAt: null,
    ...fields,
  };
}

let http: HttpServer;
let io: OnDeckIo;
let pbx: FakePbx;
let events: AccountEvents;
let panel: LivePanel;
let users: Map<number, User>;
const amiActions: Array<Record<string, string>> = [];
const clients: Client[] = [];
const audited: AuditEntry[] = [];
/** Set to make the next coalescer timer throw, as a broken socket would inside the fan-out. */
let failNextTimer = false;
const flakyTimers = {
  ...systemTimers,
  setTimeout(run: () => void, ms: number): unknown {
    if (failNextTimer) {
      failNextTimer = false;
      throw new Error('socket broke');
    }
    return systemTimers.setTimeout(run, ms);
  },
};

beforeEach(async () => {
  http = createServer();
  io = new Server(http);
  // Stands in for the realtime handshake: the user id arrives already authenticated.
  io.use((socket, next) => {
    socket.data = { userId: Number(socket.handshake.auth.userId), tokenVersion: 1, expiresAt: 0, sessionId: 's' };
    next();
  });
  pbx = new FakePbx();
  events = new AccountEvents();
  users = new Map([
    [1, user(1, { role: 'admin', extension: '1009', scope: { extensions: [], queues: [] } })],
    [2, user(2, {})],
  ]);
  amiActions.length = 0;
  audited.length = 0;
  failNextTimer = false;
  panel = createLivePanel({
    io,
    pbx,
    ami: { action: async (fields) => void amiActions.push(fields) },
    audit: { record: async (entry) => void audited.push(entry) },
    timers: flakyTimers,
    actionLimits: { socket: { capacity: 5, perSecond: 0.001 }, user: { capacity: 8, perSecond: 0.001 } },
    users: { findById: async (id) => users.get(id) ?? null },
    events,
    pauseReasons: () => ['Lunch'],
    logger: createLogger('silent'),
    flushIntervalMs: 5,
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  panel.close();
  await io.close();
});

/** Connects as a user and records every panel message in arrival order. */
async function connect(userId: number): Promise<{ client: Client; messages: Message[] }> {
  const { port } = http.address() as AddressInfo;
  const client: Client = connectClient(`http://127.0.0.1:${port}`, { auth: { userId }, transports: ['websocket'], forceNew: true });
  clients.push(client);
  const messages: Message[] = [];
  client.on('panel:snapshot', (payload) => messages.push({ type: 'snapshot', payload }));
  client.on('panel:delta', (payload) => messages.push({ type: 'delta', payload }));
  await until(() => messages.length > 0);
  return { client, messages };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

const seqs = (messages: Message[]): number[] => messages.map((m) => m.payload.seq);

describe('live gateway', () => {
  it('sends a scoped snapshot on connect and the whole model to an admin', async () => {
    const sup = await connect(2);
    expect(sup.messages[0]).toMatchObject({ type: 'snapshot', payload: { seq: 1, pauseReasons: ['Lunch'] } });
    const text = JSON.stringify(sup.messages[0]);
    expect(text).toContain('1001');
    expect(text).not.toMatch(/1005|1006|support/);
    const admin = await connect(1);
    const snapshot = admin.messages[0]?.type === 'snapshot' ? admin.messages[0].payload.snapshot : undefined;
    expect(snapshot?.calls.map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it('sends in-scope changes as numbered deltas, nothing else, and a removal when a call leaves scope', async () => {
    const { messages } = await connect(2);
    pbx.emit({ kind: 'call', op: 'updated', id: 'c2', value: call('c2', internalParty('1005'), internalParty('1006'), { state: 'on_hold' }) });
    pbx.emit({ kind: 'call', op: 'updated', id: 'c1', value: call('c1', internalParty('1001'), externalParty('+15550100'), { state: 'on_hold' }) });
    await until(() => messages.length >= 2);
    pbx.emit({ kind: 'call', op: 'updated', id: 'c1', value: call('c1', internalParty('1007'), externalParty('+15550100')) });
    await until(() => messages.length >= 3);
    const deltas = messages.filter((m) => m.type === 'delta').map((m) => m.payload);
    expect(deltas[0]?.changes).toEqual([expect.objectContaining({ kind: 'call', id: 'c1', op: 'updated' })]);
    expect(deltas[1]?.changes).toEqual([{ kind: 'call', op: 'removed', id: 'c1' }]);
    expect(JSON.stringify(messages)).not.toMatch(/1005|1006|1007/);
    expect(seqs(messages)).toEqual([1, 2, 3]);
  });

  it('answers panel:resync with a fresh snapshot and keeps seq strictly increasing', async () => {
    const { client, messages } = await connect(2);
    pbx.emit({ kind: 'extension', op: 'updated', id: '1001', value: { ...extension('1001'), dnd: true } });
    await until(() => messages.length >= 2);
    const ack = await client.emitWithAck('panel:resync', {});
    expect(ack).toEqual({ ok: true, data: { seq: 3 } });
    await until(() => messages.length >= 3);
    expect(messages[2]?.type).toBe('snapshot');
    expect(seqs(messages)).toEqual([1, 2, 3]);
  });

  it('re-scopes open sockets at once when the user changes', async () => {
    const { messages } = await connect(2);
    users.set(2, user(2, { scope: { extensions: ['1005'], queues: ['support'] } }));
    events.emit('userChanged', 2);
    await until(() => messages.length >= 2);
    const fresh = messages[1];
    expect(fresh?.type).toBe('snapshot');
    const snapshot = fresh?.type === 'snapshot' ? fresh.payload.snapshot : undefined;
    expect(snapshot?.queues.map((q) => q.name)).toEqual(['support']);
    expect(snapshot?.calls.map((c) => c.id)).toEqual(['c2']);
    expect(JSON.stringify(snapshot)).not.toContain('sales');
  });

  it('validates action payloads and answers with the error envelope', async () => {
    const { client } = await connect(2);
    const badMode = await client.emitWithAck('panel:spy', { callId: 'c1', mode: 'shout' } as never);
    expect(badMode).toMatchObject({ ok: false, error: { code: 'validation_failed', fields: { mode: expect.any(String) } } });
    const badTarget = await client.emitWithAck('panel:dial', { target: '12; Hangup' });
    expect(badTarget).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const notAnObject = await client.emitWithAck('panel:hangup', 'c1' as never);
    expect(notAnObject).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(amiActions).toEqual([]);
  });

  it('runs an allowed action as the socket’s own user', async () => {
    const { client } = await connect(2);
    const result = await client.emitWithAck('panel:spy', { callId: 'c1', mode: 'listen' });
    expect(result).toMatchObject({ ok: true });
    expect(amiActions).toEqual([expect.objectContaining({ Channel: 'PJSIP/1002', Application: 'ChanSpy', Data: 'PJSIP/1001-0000002a,qEdu' })]);
    const denied = await client.emitWithAck('panel:spy', { callId: 'c2', mode: 'listen' });
    expect(denied).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('isolates sockets: one that throws gets a fresh snapshot and the sockets after it still get the change', async () => {
    const first = await connect(2);
    const second = await connect(2);
    failNextTimer = true;
    pbx.emit({ kind: 'call', op: 'updated', id: 'c1', value: call('c1', internalParty('1001'), externalParty('+15550100'), { state: 'on_hold' }) });
    await until(() => first.messages.length >= 2 && second.messages.length >= 2);
    const [broken, healthy] = [first.messages, second.messages].sort((a, b) => (a[1]?.type === 'snapshot' ? -1 : b[1]?.type === 'snapshot' ? 1 : 0));
    expect(broken?.[1]).toMatchObject({ type: 'snapshot', payload: { seq: 2 } });
    expect(healthy?.[1]).toMatchObject({ type: 'delta', payload: { seq: 2, changes: [expect.objectContaining({ id: 'c1', value: expect.objectContaining({ state: 'on_hold' }) })] } });
  });

  it('limits actions per socket and per user across sockets, and audits a burst of refusals once with a count', async () => {
    const a = await connect(2);
    const b = await connect(2);
    const hangup = (client: Client) => client.emitWithAck('panel:hangup', { callId: 'no-such-call' });
    const fromA = await Promise.all(Array.from({ length: 6 }, () => hangup(a.client)));
    expect(fromA.filter((r) => !r.ok && r.error.code === 'rate_limited')).toHaveLength(1);
    // The user's bucket (8) is shared: the second socket gets only what is left of it.
    const fromB = await Promise.all(Array.from({ length: 5 }, () => hangup(b.client)));
    expect(fromB.filter((r) => !r.ok && r.error.code === 'rate_limited')).toHaveLength(2);
    expect(fromB.find((r) => !r.ok && r.error.code === 'rate_limited')).toMatchObject({ error: { message: 'Too many actions at once. Wait a moment and try again.', retryAfter: expect.any(Number) } });
    // 8 refusals (not found) + 3 rate limited = 11 refusals: one row now, one summary with the rest.
    expect(audited).toHaveLength(1);
    await panel.actions.flushAudit();
    expect(audited).toHaveLength(2);
    expect(audited[1]).toMatchObject({ actorId: 2, action: 'live.refused.burst', result: 'denied', details: { count: 10, actions: { 'live.hangup': 10 } } });
  });
});