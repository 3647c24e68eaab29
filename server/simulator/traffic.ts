import type { DialedCall } from './internal-call';
import type { SimulatorScenarios } from './scenarios';
import { seededRandom } from '../src/lib/seeded-random';

export interface TrafficOptions {
  /** New calls per minute (demo default: a steady few). */
  callsPerMinute?: number;
  seed?: number;
  /** Probabilities per call, 0..1. */
  holdRate?: number;
  transferRate?: number;
  queueRate?: number;
  abandonRate?: number;
  noAnswerRate?: number;
  /** Share of calls that come in from the trunk (outside caller ids) instead of an extension. */
  inboundRate?: number;
  /** Talk time range in seconds. */
  talkSeconds?: [number, number];
  /** Never let more than this many calls run at once. */
  maxConcurrentCalls?: number;
}

export interface TrafficHandle {
  stop(): void;
  /** Calls started so far. */
  readonly started: number;
}


/**
 * Background life for the demo and soak tests: random internal calls, queue calls, holds,
 * transfers, abandons. Uses the world's clock, so with a ManualClock it runs as fast as
 * the test advances time and the same seed gives the same traffic.
 */
export function startTraffic(scenarios: SimulatorScenarios, options: TrafficOptions = {}): TrafficHandle {
  const world = scenarios.world;
  const clock = world.clock;
  const random = seededRandom(options.seed ?? 1);
  const perMinute = Math.max(0.01, options.callsPerMinute ?? 4);
  const [minTalk, maxTalk] = options.talkSeconds ?? [15, 120];
  const maxCalls = options.maxConcurrentCalls ?? 20;
  let stopped = false;
  let started = 0;
  let cancelNext: () => void = () => undefined;
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const between = (lo: number, hi: number): number => (lo + random() * (hi - lo)) * 1000;
  const later = (ms: number, fn: () => void): void => {
    clock.schedule(ms, () => {
      if (stopped) return;
      try {
        fn();
      } catch {
        // A party hung up meanwhile or the scenario no longer applies; traffic just moves on.
      }
    });
  };

  const idle = (): string[] =>
    [...world.endpoints.values()].filter((e) => e.registered && world.channelsOf(`PJSIP/${e.id}`).length === 0).map((e) => e.id);

  const talk = (call: DialedCall): void => {
    const talkMs = between(minTalk, maxTalk);
    if (random() < (options.holdRate ?? 0.2)) {
      later(talkMs / 3, () => call.hold('caller'));
      later((talkMs * 2) / 3, () => call.unhold('caller'));
    }
    if (random() < (options.transferRate ?? 0.1)) {
      later(talkMs / 2, () => {
        const target = pick(idle());
        if (!target || call.phase !== 'talking') return;
        const next = scenarios.blindTransfer(call, 'callee', target);
        later(between(3, 8), () => {
          next.answer();
          talk(next);
        });
      });
      return;
    }
    later(talkMs, () => call.phase === 'talking' && call.hangup(random() < 0.5 ? 'caller' : 'callee'));
  };

  const startOne = (): void => {
    const free = idle();
    const liveCalls = new Set([...world.channels.values()].map((c) => c.linkedid)).size;
    if (free.length < 2 || liveCalls >= maxCalls) return;
    started += 1;
    const inbound = random() < (options.inboundRate ?? 0.2);
    const from = inbound ? `+1555${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}` : (pick(free) ?? '');
    const queues = [...world.queues.keys()];
    if (queues.length > 0 && random() < (options.queueRate ?? 0.3)) {
      const queueCall = scenarios.queueCall(from, pick(queues) ?? '', { trunk: inbound });
      if (random() < (options.abandonRate ?? 0.15) || queueCall.attempts.length === 0) {
        later(between(5, 25), () => queueCall.phase === 'waiting' && queueCall.abandon());
        return;
      }
      later(between(2, 10), () => {
        if (queueCall.phase !== 'waiting' || queueCall.attempts.length === 0) return queueCall.phase === 'waiting' && queueCall.abandon();
        queueCall.answer();
        later(between(minTalk, maxTalk), () => queueCall.phase === 'talking' && queueCall.hangup(random() < 0.5 ? 'caller' : 'agent'));
      });
      return;
    }
    const to = pick(free.filter((id) => id !== from));
    if (!to) return;
    const call = inbound ? scenarios.inbound(from, to) : scenarios.call(from, to);
    if (random() < (options.noAnswerRate ?? 0.1)) return; // Dial() times out by itself.
    later(between(2, 6), () => {
      if (call.phase !== 'ringing') return;
      call.answer();
      talk(call);
    });
  };

  const scheduleNext = (): void => {
    // Exponential gaps give a Poisson arrival process with the requested mean rate.
    const gapMs = (-Math.log(1 - random()) * 60_000) / perMinute;
    cancelNext = clock.schedule(gapMs, () => {
      if (stopped) return;
      try {
        startOne();
      } finally {
        scheduleNext();
      }
    });
  };
  scheduleNext();

  return {
    stop: () => {
      stopped = true;
      cancelNext();
    },
    get started() {
      return started;
    },
  };
}

export interface BulkOptions {
  /** Connected calls to create instantly (each uses two endpoints). */
  liveCalls: number;
  /** Queue callers left waiting, spread over the queues. */
  waitingCallers?: number;
}

/** Fills the world at once for resync benchmarks: many connected calls, callers waiting. */
export function populateBulk(scenarios: SimulatorScenarios, options: BulkOptions): { calls: DialedCall[] } {
  const world = scenarios.world;
  const ids = [...world.endpoints.values()].filter((e) => e.registered).map((e) => e.id);
  const calls: DialedCall[] = [];
  for (let i = 0; i + 1 < ids.length && calls.length < options.liveCalls; i += 2) {
    const from = ids[i];
    const to = ids[i + 1];
    if (from && to) calls.push(scenarios.call(from, to).answer());
  }
  const queues = [...world.queues.keys()];
  const spare = ids.slice(options.liveCalls * 2);
  for (let i = 0; i < (options.waitingCallers ?? 0) && i < spare.length && queues.length > 0; i += 1) {
    scenarios.queueCall(spare[i] ?? '', queues[i % queues.length] ?? '');
  }
  return { calls };
}

/** Bulk-mode world options: N endpoints (from 1001... upward) and M queues of 10 members. */
export function bulkWorldOptions(endpoints: number, queueCount: number): { extensions: string[]; queues: Record<string, string[]>; webrtcExtensions: string[]; localQueues: Record<string, string[]> } {
  const extensions = Array.from({ length: endpoints }, (_, i) => String(10001 + i));
  const queues: Record<string, string[]> = {};
  for (let q = 0; q < queueCount; q += 1) queues[`bulk${q + 1}`] = extensions.slice(q * 10, q * 10 + 10);
  return { extensions, queues, webrtcExtensions: [], localQueues: {} };
}

/** Fan-out benchmark helper: `count` hold/unhold events on live calls, as fast as possible. */
export function eventBurst(calls: readonly DialedCall[], count: number): number {
  let emitted = 0;
  for (let i = 0; emitted < count && i < count * 2 + calls.length; i += 1) {
    const call = calls[i % calls.length];
    if (!call || call.phase !== 'talking') continue;
    // Each call flips between held and not held, so the stream stays a valid one.
    if (call.callee.hearingMoh) call.unhold('caller');
    else call.hold('caller');
    emitted += 1;
  }
  return emitted;
}

/**
 * Sustained fan-out load: about `eventsPerSecond` hold/unhold events (each also moves a
 * device state) spread over 10 ticks a second on the world's clock. Returns a stop function.
 */
export function startEventBurst(scenarios: SimulatorScenarios, calls: readonly DialedCall[], eventsPerSecond: number): () => void {
  const clock = scenarios.world.clock;
  const perTick = Math.max(1, Math.round(eventsPerSecond / 10));
  let stopped = false;
  let cancel: () => void = () => undefined;
  const tick = (): void => {
    if (stopped) return;
    eventBurst(calls, perTick);
    cancel = clock.schedule(100, tick);
  };
  cancel = clock.schedule(100, tick);
  return () => {
    stopped = true;
    cancel();
  };
}
