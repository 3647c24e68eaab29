import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { createWorld } from './simulator';
import { seededRandom } from '../src/lib/seeded-random';
import { bulkWorldOptions, eventBurst, populateBulk, startEventBurst, startTraffic } from './traffic';
import type { SimEvent } from './types';

function demoRun(seed: number, minutes: number): SimEvent[] {
  const clock = new ManualClock();
  const extensions = Array.from({ length: 40 }, (_, i) => String(1001 + i));
  const { world, scenarios } = createWorld({ clock, extensions, queues: { q800: extensions.slice(0, 6), q801: extensions.slice(6, 12), q802: extensions.slice(12, 18) } });
  const events: SimEvent[] = [];
  world.onEvent((e) => events.push(e));
  const traffic = startTraffic(scenarios, { seed, callsPerMinute: 6 });
  for (let i = 0; i < minutes * 60; i += 1) clock.advance(1000);
  traffic.stop();
  return events;
}

describe('traffic generator', () => {
  it('is deterministic for a seed and different for another seed', () => {
    const strip = (events: SimEvent[]): string[] => events.map((e) => `${e.name} ${e.fields.Channel ?? e.fields.Device ?? ''}`);
    const a = strip(demoRun(7, 10));
    expect(a.length).toBeGreaterThan(100);
    expect(strip(demoRun(7, 10))).toEqual(a);
    expect(strip(demoRun(8, 10))).not.toEqual(a);
  });

  it('keeps the panel alive with calls, queue calls and holds, and every channel it creates also hangs up', () => {
    const events = demoRun(3, 60);
    const names = new Set(events.map((e) => e.name));
    for (const name of ['Newchannel', 'BridgeEnter', 'QueueCallerJoin', 'Hold', 'Hangup', 'BlindTransfer', 'QueueCallerAbandon']) expect(names).toContain(name);
    expect(events.some((e) => e.name === 'Newchannel' && (e.fields.Channel ?? '').startsWith('PJSIP/trunk-'))).toBe(true);
    const created = events.filter((e) => e.name === 'Newchannel').length;
    const hungUp = events.filter((e) => e.name === 'Hangup').length;
    expect(created - hungUp).toBeLessThanOrEqual(40);
  });

  it('bulk mode builds 2,000 endpoints, 500 live calls and 50 queues with waiting callers', () => {
    const { world, scenarios } = createWorld({ clock: new ManualClock(), ...bulkWorldOptions(2000, 50) });
    const { calls } = populateBulk(scenarios, { liveCalls: 500, waitingCallers: 50 });
    expect(world.endpoints.size).toBe(2000);
    expect(world.queues.size).toBe(50);
    expect(calls.filter((c) => c.phase === 'talking')).toHaveLength(500);
    expect(world.channels.size).toBe(1050);
    let burst = 0;
    world.onEvent(() => (burst += 1));
    expect(eventBurst(calls, 1000)).toBe(1000);
    expect(burst).toBeGreaterThanOrEqual(2000);
  });

  it('a sustained burst emits about the requested rate on the world clock', () => {
    const clock = new ManualClock();
    const { world, scenarios } = createWorld({ clock, ...bulkWorldOptions(200, 5) });
    const { calls } = populateBulk(scenarios, { liveCalls: 100 });
    let holds = 0;
    world.onEvent((e) => {
      if (e.name === 'Hold' || e.name === 'Unhold') holds += 1;
    });
    const stop = startEventBurst(scenarios, calls, 1000);
    clock.advance(2000);
    stop();
    clock.advance(2000);
    expect(holds).toBe(2000);
  });

  it('seededRandom stays within [0, 1)', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 1000; i += 1) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
