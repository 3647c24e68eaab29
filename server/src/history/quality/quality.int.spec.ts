import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient, type Socket } from 'socket.io-client';
import { mirrorOfPanelMessages, type CallView, type ClientToServerEvents, type PanelDelta, type PanelSnapshot, type ServerToClientEvents } from '@ondeck/shared';
import { startCdrWriter, type CdrRecord, type ManualClock } from '../../../simulator';
import type { CdrWriter } from '../../../simulator/cdr-writer';
import type { TestServer } from '../../../test/harness';
import { startPbxStack, type PbxStack } from '../../../test/pbx-stack';
import { waitFor } from '../../../test/wait-for';

/**
 * Call quality the whole way as production runs it: the simulator's AMI server over TCP sends
 * RTCP every 5 s (its clock moved by the test) → OnDeck's AMI link → tracker → live panel (REST
 * and Socket.IO, scoped) → call_quality_legs at hangup in MariaDB. The simulator also writes
 * FreePBX's cdr table into the same database, so the test sees that OnDeck never writes it.
 */
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Message = { type: 'snapshot'; payload: PanelSnapshot } | { type: 'delta'; payload: PanelDelta };

interface QualityRow extends RowDataPacket {
  linkedid: string;
  channel: string;
  direction: 'sent' | 'received';
  uniqueid: string;
  codec: string;
  clock_rate: number;
  reports: number;
  mos_avg: string;
  loss_pct_avg: string;
  rtt_ms_avg: string | null;
}

const until = (check: () => boolean | Promise<boolean>, what: string): Promise<void> => waitFor(check, what, 10_000);

let stack: PbxStack;
let server: TestServer;
let clock: ManualClock;
let cdr: CdrWriter;
const cdrRecords: CdrRecord[] = [];
let client: Client | undefined;

beforeAll(async () => {
  stack = await startPbxStack({ simulator: { extensions: ['1001', '1002', '1003'], rtcpIntervalMs: 5000 }, server: { demo: true } });
  server = stack.server;
  clock = stack.sim.clock as ManualClock;
  const { db } = server.config;
  cdr = await startCdrWriter(stack.sim.world, { connection: { host: db.host, port: db.port, user: db.user, password: db.password, database: server.dbName } });
  stack.sim.world.cdrListeners.add((record) => cdrRecords.push(record));
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await cdr?.stop();
  await stack?.stop();
});

async function panelSocket(token: string): Promise<Message[]> {
  client = connectClient(server.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], forceNew: true });
  const messages: Message[] = [];
  client.on('panel:snapshot', (payload) => messages.push({ type: 'snapshot', payload }));
  client.on('panel:delta', (payload) => messages.push({ type: 'delta', payload }));
  await until(() => messages.length > 0, 'the first snapshot');
  return messages;
}

const shownCalls = (messages: Message[]): CallView[] => [...(mirrorOfPanelMessages(messages)?.calls.values() ?? [])];

async function restCalls(token: string): Promise<CallView[]> {
  const response = await server.api('GET', '/api/calls', { token });
  expect(response.status).toBe(200);
  return (response.body as { calls: CallView[] }).calls;
}

async function qualityRows(): Promise<QualityRow[]> {
  const [rows] = await server.server.services.pool.query<QualityRow[]>('SELECT * FROM call_quality_legs');
  return rows;
}

describe('call quality end to end', () => {
  it('shows quality on calls in progress, stores each leg and direction at hangup, and never writes the CDR', async () => {
    // A supervisor (scope 1001-1010) and an agent (1002): the scope filter must keep quality.
    const sup = await server.loginDemo('sup');
    const agent = await server.loginDemo('agent');
    const messages = await panelSocket(sup.accessToken);

    const call = stack.sim.scenarios.call('1001', '1002');
    clock.advance(1000);
    call.answer();
    await until(async () => (await restCalls(agent.accessToken)).some((c) => c.state === 'up'), 'the call to be up');
    expect((await restCalls(agent.accessToken))[0]?.quality).toBeUndefined();

    // The first RTCP round: both legs report.
    clock.advance(5000);
    await until(async () => (await restCalls(agent.accessToken))[0]?.quality !== undefined, 'quality on the REST call');
    const [live] = await restCalls(agent.accessToken);
    expect(live?.quality).toEqual({
      grade: expect.stringMatching(/^(good|fair|poor)$/),
      mos: expect.any(Number),
      jitterMs: expect.any(Number),
      lossPercent: expect.any(Number),
      rttMs: null, // the first reports answer no sender report yet
    });
    await until(() => shownCalls(messages).some((c) => c.quality !== undefined), 'quality on the socket');
    const supView = shownCalls(messages).find((c) => c.id === live?.id);
    expect(supView?.quality).toEqual(live?.quality);

    // Malformed and hostile RTCP on the same call: ignored, the link and the panel carry on.
    const leg = [...stack.sim.world.channels.values()].find((channel) => channel.name.startsWith('PJSIP/1001'));
    if (!leg) throw new Error('no 1001 leg');
    stack.sim.world.emit('RTCPSent', 'reporting', { ...leg.snapshot(), PT: '200(SR)', ReportCount: '1', Report0IAJitter: 'NaN', Report0FractionLost: '999', SentNTP: 'soon' });
    stack.sim.world.emit('RTCPReceived', 'reporting', { Channel: 'PJSIP/1001', Uniqueid: "x'); DROP TABLE cdr; --", Linkedid: leg.linkedid, RTT: '-5' });
    stack.sim.world.emit('RTCPReceived', 'reporting', {});

    // Two more rounds, with a round trip now; then the caller hangs up.
    clock.advance(10_000);
    await until(async () => (await restCalls(agent.accessToken))[0]?.quality?.rttMs !== null, 'an RTT on the live call');
    call.hangup('caller');
    await until(async () => (await restCalls(agent.accessToken)).length === 0, 'the call to end');
    await until(async () => (await qualityRows()).length === 4, 'four stored leg directions');

    const rows = await qualityRows();
    const linkedid = live?.id;
    expect(rows.map((row) => `${row.channel.replace(/-.*/, '')} ${row.direction}`).sort()).toEqual(['PJSIP/1001 received', 'PJSIP/1001 sent', 'PJSIP/1002 received', 'PJSIP/1002 sent']);
    for (const row of rows) {
      expect(row).toMatchObject({ linkedid, codec: 'g711', clock_rate: 8000, reports: 3 });
      expect(Number(row.mos_avg)).toBeGreaterThanOrEqual(1);
      expect(Number(row.mos_avg)).toBeLessThanOrEqual(4.5);
      expect(row.rtt_ms_avg).not.toBeNull();
    }
    // The same legs the supervisor's panel showed (the agent's view hides 1001's leg), by Uniqueid.
    expect(live?.legs).toHaveLength(1);
    expect(new Set(rows.map((row) => row.uniqueid))).toEqual(new Set(supView?.legs.map((l) => l.uniqueid)));

    // FreePBX's cdr table holds exactly the simulator's rows, untouched: no userfield, nothing added.
    await cdr.flush();
    const [cdrRows] = await server.server.services.pool.query<RowDataPacket[]>('SELECT uniqueid, linkedid, userfield FROM cdr ORDER BY uniqueid');
    expect(cdrRecords.length).toBeGreaterThan(0);
    expect(cdrRows).toEqual(cdrRecords.map((r) => ({ uniqueid: r.uniqueid, linkedid: r.linkedid, userfield: '' })).sort((a, b) => a.uniqueid.localeCompare(b.uniqueid)));
  });
});
