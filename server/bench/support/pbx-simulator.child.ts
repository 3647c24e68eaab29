/**
 * The PBX simulator for benchmarks, in its own process: a bulk world (`--endpoints`,
 * `--calls` connected calls, `--queues` queues of 10) and, on request, AMI traffic at an
 * exact rate plus timestamped probes.
 *
 * Load: hold/unhold flips on the first `churnCalls` calls, paced every few ms so the count of
 * AMI events written (every event the world emits, counted as it is emitted) follows
 * `eventsPerSecond`. Each flip writes a handful of events (Hold/Unhold, MusicOnHold, device
 * and extension state).
 * Probes: `probesPerSecond` NewCallerid events, round robin over the calls after the churn
 * calls, each renaming the caller to `probe-<seq>`. The moment just before the write is taken
 * with process.hrtime (CLOCK_MONOTONIC, the same clock in every process on this machine), so
 * the parent can subtract it from the moment a client received the renamed call.
 */
import { startSimulator } from '../../simulator';
import type { DialedCall } from '../../simulator/internal-call';
import { bulkWorldOptions, populateBulk } from '../../simulator/traffic';
import { argument, serveParent } from './child';
import { PROBE_PREFIX, type LoadReport, type LoadRequest } from './messages';


const endpoints = argument('endpoints', 2000);
const sim = await startSimulator({ port: 0, secret: 'bench', rtcpIntervalMs: 0, ...bulkWorldOptions(endpoints, argument('queues', 50)) });
const { calls } = populateBulk(sim.scenarios, { liveCalls: argument('calls', 500) });
let emitted = 0;
sim.world.onEvent(() => (emitted += 1));

let stopLoad: (() => LoadReport) | undefined;
/** Probe numbers never repeat, so a name left over from an earlier load is never mistaken for a new probe. */
let probeSeq = 0;

function flip(call: DialedCall): void {
  if (call.phase !== 'talking') return;
  if (call.callee.hearingMoh) call.unhold('caller');
  else call.hold('caller');
}

function startLoad(request: LoadRequest): () => LoadReport {
  const churn = calls.slice(0, request.churnCalls);
  const probeCalls = calls.slice(request.churnCalls);
  const probes: [number, string][] = [];
  const startedAt = performance.now();
  const startEvents = emitted;
  const startCpu = process.cpuUsage();
  let next = 0;
  let probesSent = 0;
  let stopped = false;

  const pace = (): void => {
    if (stopped) return;
    const elapsed = (performance.now() - startedAt) / 1000;
    const probesDue = Math.floor(elapsed * request.probesPerSecond);
    while (probesSent < probesDue && probeCalls.length > 0) {
      const call = probeCalls[probesSent % probeCalls.length];
      probesSent += 1;
      probeSeq += 1;
      if (!call || call.phase !== 'talking') continue;
      call.caller.callerName = `${PROBE_PREFIX}${probeSeq}`;
      probes.push([probeSeq, process.hrtime.bigint().toString()]);
      sim.world.emit('NewCallerid', 'call', { ...call.caller.snapshot(), 'CID-CallingPres': '0 (Presentation Allowed, Not Screened)' });
    }
    const target = startEvents + elapsed * request.eventsPerSecond;
    while (emitted < target && churn.length > 0) {
      const call = churn[next % churn.length];
      next += 1;
      if (call) flip(call);
    }
    setTimeout(pace, 2);
  };
  pace();
  return () => {
    stopped = true;
    return { type: 'report', events: emitted - startEvents, seconds: (performance.now() - startedAt) / 1000, probes, cpu: process.cpuUsage(startCpu) };
  };
}

serveParent({
  load: (message) => {
    stopLoad?.();
    stopLoad = startLoad(message as LoadRequest);
    return { type: 'loading' };
  },
  idle: () => {
    const report = stopLoad?.();
    stopLoad = undefined;
    return report ?? { type: 'report', events: 0, seconds: 0, probes: [], cpu: { user: 0, system: 0 } };
  },
  stop: async () => {
    stopLoad?.();
    await sim.stop();
    process.exit(0);
  },
});
process.send?.({ type: 'ready', port: sim.port, calls: calls.length });
