/**
 * Fan-out benchmark: AMI event → server model → scope filter → coalescer → Socket.IO → 200
 * clients with different scopes, at 500 and 2,000 AMI events/s.
 *
 * Three processes, so the figures of each are its own: the PBX simulator (bulk world of
 * 2,000 endpoints, 500 connected calls, 50 queues), the real OnDeck server (the test
 * harness's composition on a fresh MariaDB database, dropped at the end) and this process
 * with the 200 socket.io-client connections:
 *   10 admins (see everything), 40 supervisors (blocks of 10/50/200 extensions and 1–3 queues),
 *   100 "probe" agents (scope: the caller extension of one of the 100 probe calls) and
 *   50 agents on churning calls.
 *
 * Load: the simulator flips hold on the first 400 calls at the requested rate of AMI events
 * (counted as written). Latency method: 50 probes a second rename the caller of one of the
 * other 100 calls to `probe-<seq>` with a NewCallerid event; the simulator notes
 * process.hrtime (CLOCK_MONOTONIC, shared by all processes on the machine) just before the
 * write, and each client notes it when a `panel:delta` first shows that name. So latency
 * covers AMI parse, model, scope filter, coalescer, Socket.IO encode, loopback and the
 * client's decode.
 *
 * The coalescer limits each object, not each socket: an object changed within the last 250 ms
 * waits for the end of that window, anything else leaves on the next tick, and a busy socket
 * gathers what is ready into one delta at most every 16 ms (see change-coalescer.ts). Each
 * probe call changes once every 2 s, so a probe is never held; we report two groups:
 *   first change: the probe agents, whose socket is quiet, so the delta leaves on the next
 *     tick: this is the pipeline's latency under the full load, and what the 50 ms target
 *     is about;
 *   busy stream: admins and supervisors, whose sockets also carry the churn; a probe joins
 *     the next batch, so up to 16 ms of batching is added by design.
 * Server CPU is process.cpuUsage() of the server process over the measured window (100% =
 * one core); memory is its RSS and V8 heap at the end of the window. The clients share the
 * machine's 2 cores with the server and the simulator, and their own decoding is counted in
 * the latency: on a real deployment the browsers run elsewhere.
 *
 * Prints tables; asserts nothing. Usage:
 *   node --import tsx bench/fanout.bench.ts [--seconds 15] [--rates 500,2000] [--clients 200] [--cpu-prof]
 */
import { availableParallelism, loadavg } from 'node:os';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, CreateUserRequest, ModelChange, ServerToClientEvents } from '@ondeck/shared';
import { argument, cpuPercent, forkBenchChild, percentile, printTable, progress, signIn, stringArgument } from './support/child';
import { PROBE_PREFIX, type LoadReport, type ServerReady, type ServerUsage } from './support/messages';

type PanelClient = Socket<ServerToClientEvents, ClientToServerEvents>;
type Group = 'admin' | 'supervisor' | 'probe agent' | 'busy agent';

const ENDPOINTS = 2000;
const CALLS = 500;
const CHURN_CALLS = 400;
const QUEUES = 50;
const PROBES_PER_SECOND = 50;
const PASSWORD = 'bench-password';
const seconds = argument('seconds', 15);
const rates = (stringArgument('rates') ?? '500,2000').split(',').map(Number).filter((rate) => rate > 0);
const clientCount = argument('clients', 200);
const cpuProfile = process.argv.includes('--cpu-prof');

/** Extensions 10001…; call i joins extensions 10001+2i (caller) and 10002+2i (callee). */
const extension = (index: number): string => String(10001 + index);

interface Seat {
  group: Group;
  user: CreateUserRequest;
}

function seats(total: number): Seat[] {
  const result: Seat[] = [];
  const share = (n: number): number => Math.round((n * total) / 200);
  for (let i = 0; i < share(10); i += 1) result.push({ group: 'admin', user: { username: `bench-admin-${i}`, displayName: `Admin ${i}`, role: 'admin', password: PASSWORD } });
  for (let i = 0; i < share(40); i += 1) {
    const size = [10, 50, 200][i % 3] ?? 10;
    const start = (i * 97) % (ENDPOINTS - size);
    const queues = Array.from({ length: 1 + (i % 3) }, (_, q) => `bulk${((i + q * 17) % QUEUES) + 1}`);
    const extensions = Array.from({ length: size }, (_, k) => extension(start + k));
    result.push({ group: 'supervisor', user: { username: `bench-sup-${i}`, displayName: `Supervisor ${i}`, role: 'supervisor', password: PASSWORD, scope: { extensions, queues } } });
  }
  const probeCalls = CALLS - CHURN_CALLS;
  for (let i = 0; i < share(100); i += 1) {
    const callIndex = CHURN_CALLS + (i % probeCalls);
    result.push({ group: 'probe agent', user: { username: `bench-probe-${i}`, displayName: `Probe agent ${i}`, role: 'agent', password: PASSWORD, extension: extension(callIndex * 2) } });
  }
  for (let i = 0; result.length < total; i += 1) {
    result.push({ group: 'busy agent', user: { username: `bench-agent-${i}`, displayName: `Agent ${i}`, role: 'agent', password: PASSWORD, extension: extension((i * 8) % (CHURN_CALLS * 2)) } });
  }
  return result;
}

interface Receiver {
  seat: Seat;
  socket: PanelClient;
  /** Probe seq → hrtime (ns) of the first delta that showed it. */
  firstSeen: Map<number, bigint>;
  deltas: number;
  changes: number;
  snapshotReady: Promise<number>;
}

function probeSeqs(change: ModelChange): number[] {
  if (change.kind !== 'call' || change.op === 'removed' || !change.value) return [];
  return change.value.parties.flatMap((party) => (party.name?.startsWith(PROBE_PREFIX) ? [Number(party.name.slice(PROBE_PREFIX.length))] : []));
}

function connect(url: string, seat: Seat, token: string): Receiver {
  const socket: PanelClient = io(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
  const receiver: Receiver = { seat, socket, firstSeen: new Map(), deltas: 0, changes: 0, snapshotReady: Promise.resolve(0) };
  receiver.snapshotReady = new Promise((resolve, reject) => {
    socket.on('connect_error', reject);
    socket.on('panel:snapshot', ({ snapshot }) => {
      if (!snapshot.stale) resolve(snapshot.extensions.length);
    });
  });
  socket.on('panel:delta', ({ changes }) => {
    const at = process.hrtime.bigint();
    receiver.deltas += 1;
    receiver.changes += changes.length;
    for (const change of changes) for (const seq of probeSeqs(change)) if (!receiver.firstSeen.has(seq)) receiver.firstSeen.set(seq, at);
  });
  return receiver;
}

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '–');

interface PhaseResult {
  rate: number;
  probesWritten: number;
  measuredRate: number;
  latency: Map<Group, { values: number[] }>;
  deltas: number;
  changes: number;
  cpuPercent: number;
  simulatorCpuPercent: number;
  clientsCpuPercent: number;
  rssMb: number;
  heapMb: number;
  liveHeapMb: number;
  peakRssMb: number;
  loopDelayP99: number;
}

console.log(`\nFan-out: ${clientCount} Socket.IO clients, ${ENDPOINTS} endpoints, ${CALLS} calls (${CHURN_CALLS} churning, ${CALLS - CHURN_CALLS} probed), ${QUEUES} queues; ${seconds} s per rate; ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}`);
progress('starting the simulator and the server (fresh MariaDB database)');
const simulator = forkBenchChild('pbx-simulator.child.ts', ['--endpoints', String(ENDPOINTS), '--calls', String(CALLS), '--queues', String(QUEUES)]);
let server: ReturnType<typeof forkBenchChild> | undefined;
const receivers: Receiver[] = [];
try {
  const { port } = await simulator.next<{ type: 'ready'; port: number }>('ready');
  server = forkBenchChild('pbx-server.child.ts', ['--ami-port', String(port)], ['--expose-gc', ...(cpuProfile ? ['--cpu-prof', '--cpu-prof-dir', '/tmp/ondeck-bench-prof'] : [])]);
  const { url } = await server.next<ServerReady>('ready');
  const plan = seats(clientCount);
  progress(`creating ${plan.length} users and signing them in`);
  await server.request({ type: 'users', users: plan.map((seat) => seat.user) }, 'users-created');
  // One admin first: once it has a current snapshot the model is loaded, and the live heap
  // then is the server's baseline before the other clients add theirs.
  for (const seat of plan.slice(0, 1)) receivers.push(connect(url, seat, await signIn(url, seat.user.username, PASSWORD)));
  await receivers[0]?.snapshotReady;
  const baseline = await server.request<ServerUsage>({ type: 'usage', gc: true }, 'usage');
  for (const seat of plan.slice(1)) receivers.push(connect(url, seat, await signIn(url, seat.user.username, PASSWORD)));
  const sizes = await Promise.all(receivers.map((receiver) => receiver.snapshotReady));
  const connected = await server.request<ServerUsage>({ type: 'usage', gc: true }, 'usage');
  progress(`${receivers.length} clients have their snapshot (admin sees ${Math.max(...sizes)} extensions)`);

  const results: PhaseResult[] = [];
  for (const rate of rates) {
    progress(`${rate} AMI events/s: 3 s warm-up, then ${seconds} s measured`);
    await simulator.request({ type: 'load', eventsPerSecond: rate, churnCalls: CHURN_CALLS, probesPerSecond: PROBES_PER_SECOND }, 'loading');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // The warm-up's probes and counts are dropped: only the measured window counts.
    await simulator.request({ type: 'idle' }, 'report');
    await server.request({ type: 'usage' }, 'usage');
    for (const receiver of receivers) {
      receiver.firstSeen.clear();
      receiver.deltas = 0;
      receiver.changes = 0;
    }
    const before = await server.request<ServerUsage>({ type: 'usage' }, 'usage');
    const clientsBefore = process.cpuUsage();
    await simulator.request({ type: 'load', eventsPerSecond: rate, churnCalls: CHURN_CALLS, probesPerSecond: PROBES_PER_SECOND }, 'loading');
    // Samples are asked for once a second without waiting for the answer: a server that falls
    // behind answers late, but the window still ends on time.
    const samples: Promise<ServerUsage>[] = [];
    for (let second = 1; second <= seconds; second += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      samples.push(server.request<ServerUsage>({ type: 'usage' }, 'usage'));
      if (second % 5 === 0) progress(`${rate}/s: ${second}/${seconds} s`);
    }
    const report = await simulator.request<LoadReport>({ type: 'idle' }, 'report');
    const after = await server.request<ServerUsage>({ type: 'usage' }, 'usage');
    const sampled = await Promise.all(samples);
    const peakRss = Math.max(before.memory.rss, after.memory.rss, ...sampled.map((usage) => usage.memory.rss));
    const loopDelayP99 = Math.max(after.loopDelayP99, ...sampled.map((usage) => usage.loopDelayP99));
    const clientsCpu = cpuPercent(clientsBefore, process.cpuUsage(), report.seconds);
    // Let the last batches arrive before reading what the clients saw.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const live = await server.request<ServerUsage>({ type: 'usage', gc: true }, 'usage');
    const writtenAt = new Map(report.probes.map(([seq, ns]) => [seq, BigInt(ns)]));
    const latency = new Map<Group, { values: number[] }>();
    for (const receiver of receivers) {
      const entry = latency.get(receiver.seat.group) ?? { values: [] };
      latency.set(receiver.seat.group, entry);
      for (const [seq, seenAt] of receiver.firstSeen) {
        const wroteAt = writtenAt.get(seq);
        if (wroteAt !== undefined) entry.values.push(Number(seenAt - wroteAt) / 1e6);
      }
    }
    results.push({
      rate,
      measuredRate: report.events / report.seconds,
      probesWritten: report.probes.length,
      latency,
      deltas: receivers.reduce((sum, r) => sum + r.deltas, 0),
      changes: receivers.reduce((sum, r) => sum + r.changes, 0),
      cpuPercent: cpuPercent(before.cpu, after.cpu, (after.atMs - before.atMs) / 1000),
      simulatorCpuPercent: cpuPercent({ user: 0, system: 0 }, report.cpu, report.seconds),
      clientsCpuPercent: clientsCpu,
      rssMb: after.memory.rss / 1024 / 1024,
      heapMb: after.memory.heapUsed / 1024 / 1024,
      liveHeapMb: live.memory.heapUsed / 1024 / 1024,
      peakRssMb: peakRss / 1024 / 1024,
      loopDelayP99,
    });
    const probeAgents = latency.get('probe agent')?.values ?? [];
    progress(`${rate}/s done: ${report.events} events in ${report.seconds.toFixed(1)} s, probe agents p99 ${ms(percentile(probeAgents, 99))} ms`);
  }

  console.log('\nLatency, AMI write → client receipt of the delta (ms)\n');
  const rows: string[][] = [];
  for (const result of results) {
    for (const [group, { values }] of result.latency) {
      // Busy agents sit on churning calls, which are never probed: they only add load.
      if (values.length === 0) continue;
      const note = group === 'probe agent' ? 'first change (quiet socket)' : 'busy stream (≤ 16 ms batching by design)';
      // Each probe call has exactly one probe agent; every admin sees every probe; supervisors vary.
      const sent = group === 'probe agent' ? result.probesWritten : group === 'admin' ? result.probesWritten * plan.filter((seat) => seat.group === 'admin').length : undefined;
      rows.push([String(result.rate), group, note, `${values.length} / ${sent ?? '–'}`, ms(percentile(values, 50)), ms(percentile(values, 99)), ms(values.length ? Math.max(...values) : Number.NaN)]);
    }
  }
  printTable(['AMI events/s', 'clients', 'what it measures', 'probes seen / sent to them', 'p50', 'p99', 'max'], rows);

  console.log('\nServer process and traffic\n');
  printTable(
    ['AMI events/s asked', 'written/s', 'deltas to clients/s', 'changes to clients/s', 'server CPU (% of one core)', 'server event-loop delay p99 (ms)', 'server RSS end / peak (MB)', 'server heap used / live after GC (MB)', 'simulator CPU (%)', '200 clients CPU (%)'],
    results.map((r) => [String(r.rate), r.measuredRate.toFixed(0), (r.deltas / seconds).toFixed(0), (r.changes / seconds).toFixed(0), r.cpuPercent.toFixed(0), ms(r.loopDelayP99), `${r.rssMb.toFixed(0)} / ${r.peakRssMb.toFixed(0)}`, `${r.heapMb.toFixed(0)} / ${r.liveHeapMb.toFixed(0)}`, r.simulatorCpuPercent.toFixed(0), r.clientsCpuPercent.toFixed(0)]),
  );

  console.log('\nServer memory before the load (after a full GC)\n');
  printTable(
    ['moment', 'RSS (MB)', 'live heap (MB)'],
    [
      ['model loaded, 1 admin connected', baseline, baseline],
      [`${receivers.length} clients connected`, connected, connected],
    ].map(([label, usage]) => [label as string, ((usage as ServerUsage).memory.rss / 1024 / 1024).toFixed(0), ((usage as ServerUsage).memory.heapUsed / 1024 / 1024).toFixed(0)]),
  );

  const load = loadavg()[0] ?? 0;
  if (load > availableParallelism()) {
    console.log(`\nThe machine was busy (load average ${load.toFixed(1)} on ${availableParallelism()} cores at the end): the server waited for a core, so latency is pessimistic; its CPU % is what it got, not what it needed.`);
  }
  if (results.some((r) => r.loopDelayP99 > 1000)) {
    console.log('The server fell behind (event-loop delay over 1 s): latency then includes the backlog of AMI events.');
  }
  const top = results.find((r) => r.rate === 2000) ?? results[results.length - 1];
  if (top) {
    const firstChange = top.latency.get('probe agent')?.values ?? [];
    console.log(`\nTarget at ${top.rate} events/s with ${clientCount} clients\n`);
    printTable(
      ['target', 'measured', 'met'],
      [
        ['first-change p99 < 50 ms', `${ms(percentile(firstChange, 99))} ms`, percentile(firstChange, 99) < 50 ? 'yes' : 'no'],
        ['server memory < 300 MB (peak RSS)', `${top.peakRssMb.toFixed(0)} MB`, top.peakRssMb < 300 ? 'yes' : 'no'],
      ],
    );
  }
} finally {
  for (const receiver of receivers) receiver.socket.disconnect();
  await server?.stop();
  await simulator.stop();
  if (cpuProfile) console.log('\nServer CPU profile written to /tmp/ondeck-bench-prof/');
}
