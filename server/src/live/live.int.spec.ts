import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient, type Socket } from 'socket.io-client';
import { mirrorOfPanelMessages, type CallView, type ClientToServerEvents, type PanelDelta, type PanelSnapshot, type ServerToClientEvents } from '@ondeck/shared';
import type { TestServer } from '../../test/harness';
import { startPbxStack, type PbxStack } from '../../test/pbx-stack';
import type { RunningSimulator } from '../../simulator';
import { waitFor } from '../../test/wait-for';

const until = (check: () => boolean | Promise<boolean>, what: string): Promise<void> => waitFor(check, what, 5000);

/**
 * The whole path as production runs it: simulator → AMI link → PBX model → live panel →
 * Socket.IO and REST, with real sign-in and the audit log in MariaDB. Demo accounts: `sup`
 * (1001, scope 1001-1010 + queue support, all monitor modes) and `agent` (1002).
 */
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Message = { type: 'snapshot'; payload: PanelSnapshot } | { type: 'delta'; payload: PanelDelta };

let stack: PbxStack;
let sim: RunningSimulator;
let server: TestServer;
const clients: Client[] = [];

async function panelSocket(token: string): Promise<{ client: Client; messages: Message[] }> {
  const client: Client = connectClient(server.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], forceNew: true });
  clients.push(client);
  const messages: Message[] = [];
  client.on('panel:snapshot', (payload) => messages.push({ type: 'snapshot', payload }));
  client.on('panel:delta', (payload) => messages.push({ type: 'delta', payload }));
  await until(() => messages.length > 0, 'the first snapshot');
  return { client, messages };
}

/** Every call the socket currently shows, from its snapshot and deltas, as the panel's store sees them. */
function shownCalls(messages: Message[]): Map<string, CallView> {
  return mirrorOfPanelMessages(messages)?.calls ?? new Map<string, CallView>();
}

beforeAll(async () => {
  stack = await startPbxStack({
    simulator: { extensions: ['1001', '1002', '1003', '2001', '2002'], queues: { support: ['1002', '1003'], billing: ['2001'] } },
    server: { demo: true },
  });
  ({ sim, server } = stack);
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await stack?.stop();
});

describe('live panel end to end', () => {
  it('pushes scoped calls, serves the same scoped REST views, and audits a ChanSpy whisper', async () => {
    const sup = await server.loginDemo('sup');
    const { client, messages } = await panelSocket(sup.accessToken);
    sim.scenarios.call('1002', '1003').answer();
    sim.scenarios.call('2001', '2002').answer();
    await until(() => [...shownCalls(messages).values()].some((c) => c.extensions.includes('1002') && c.state === 'up'), 'the 1002 call');

    const seqs = messages.map((m) => m.payload.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(JSON.stringify(messages)).not.toMatch(/(?<![\d.])200[12](?!\d)|billing/);

    const agent = await server.loginDemo('agent');
    const agentCalls = await server.api('GET', '/api/calls', { token: agent.accessToken });
    expect(agentCalls.status).toBe(200);
    const agentBody = agentCalls.body as { calls: CallView[] };
    expect(agentBody.calls).toHaveLength(1);
    expect(agentBody.calls[0]?.parties.map((p) => p.number)).toEqual(['1002', 'Internal']);
    const agentQueues = await server.api('GET', '/api/queues', { token: agent.accessToken });
    // The agent's scope names no queue, but 1002 is a member of support: that one, not billing.
    expect((agentQueues.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name)).toEqual(['support']);

    const call = [...shownCalls(messages).values()].find((c) => c.extensions.includes('1002'));
    if (!call) throw new Error('no call');
    const before = sim.recordedActions.length;
    const result = await client.emitWithAck('panel:spy', { callId: call.id, mode: 'whisper' });
    expect(result).toMatchObject({ ok: true });
    await until(() => sim.recordedActions.slice(before).some((a) => a.action === 'Originate'), 'the Originate');
    const originate = sim.recordedActions.slice(before).find((a) => a.action === 'Originate');
    const spiedChannel = call.parties.find((p) => p.extension === '1002')?.channel;
    expect(originate?.fields).toMatchObject({ Channel: 'PJSIP/1001', Application: 'ChanSpy', Data: `${spiedChannel},qEduw`, Async: 'true' });

    const [rows] = await server.server.services.pool.query('SELECT actor_name, action, target, result FROM audit_log WHERE action LIKE ?', ['live.%']);
    expect(rows).toEqual([{ actor_name: 'sup', action: 'live.spy.whisper', target: `call:${call.id}`, result: 'success' }]);
  });

  it('refuses an agent a spy, audits the refusal, and re-scopes a supervisor at once', async () => {
    const agent = await server.loginDemo('agent');
    const { client } = await panelSocket(agent.accessToken);
    const call = (await server.api('GET', '/api/calls', { token: agent.accessToken })).body as { calls: CallView[] };
    const denied = await client.emitWithAck('panel:spy', { callId: call.calls[0]?.id ?? 'none', mode: 'listen' });
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const [rows] = await server.server.services.pool.query('SELECT action, result FROM audit_log WHERE actor_name = ? AND action LIKE ?', ['agent', 'live.%']);
    expect(rows).toEqual([{ action: 'live.spy.listen', result: 'denied' }]);

    const sup = await server.loginDemo('sup');
    const { messages } = await panelSocket(sup.accessToken);
    const admin = await server.loginDemo('admin');
    const changed = await server.api('PATCH', `/api/users/${sup.response.user.id}`, {
      token: admin.accessToken,
      body: { scope: { extensions: ['2001', '2002'], queues: ['billing'] } },
    });
    expect(changed.status).toBe(200);
    await until(() => messages.filter((m) => m.type === 'snapshot').length === 2, 'a fresh snapshot');
    const fresh = messages.at(-1);
    const snapshot = fresh?.type === 'snapshot' ? fresh.payload.snapshot : undefined;
    expect(snapshot?.queues.map((q) => q.name)).toEqual(['billing']);
    expect(snapshot?.calls.some((c) => c.extensions.includes('2001'))).toBe(true);
    // Still their own extension's calls (the whisper from the first test), nothing of 1002/1003.
    expect(JSON.stringify(snapshot)).not.toMatch(/(?<![\d.])100[23](?!\d)|support/);
  });
});
