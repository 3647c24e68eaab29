/**
 * The simulator's queue figures against the queue-stats-after-calls capture: after each of its
 * three callers the QueueParams Asterisk answered must be what the simulator reports.
 */
import { describe, expect, it } from 'vitest';
import { loadMessages } from '../src/pbx/ami/testing/captures';
import { ManualClock } from './clock';
import { createWorld } from './simulator';

const FIGURES = ['Holdtime', 'TalkTime', 'Completed', 'Abandoned', 'ServiceLevel', 'ServicelevelPerf', 'ServicelevelPerf2'] as const;

function recordedParams(actionId: string): Record<string, string | undefined> {
  const params = loadMessages('queue-stats-after-calls').find((m) => m.event === 'QueueParams' && m.actionId === actionId && m.get('Queue') === 'support');
  return Object.fromEntries(FIGURES.map((key) => [key, params?.get(key)]));
}

describe('simulated queue figures (queue-stats-after-calls)', () => {
  it('keeps running averages and service levels the way app_queue does', () => {
    const clock = new ManualClock();
    const { world, scenarios } = createWorld({ clock });
    const support = world.queues.get('support');
    if (!support) throw new Error('lab world has queue support');
    support.serviceLevel = 20;
    const figures = () => Object.fromEntries(FIGURES.map((key) => [key, support.paramsFields()[key]]));
    expect(figures()).toEqual(recordedParams('queue-stats-after-calls-2'));

    // Caller 1: answered by 1002 after about 2 s, 3 s of talk.
    const first = scenarios.queueCall('1003', 'support');
    clock.advance(2_000);
    first.answer('1002');
    clock.advance(3_000);
    first.hangup('caller');
    expect(figures()).toEqual(recordedParams('queue-stats-after-calls-4'));

    // Caller 2: the first ring cycle (15 s) goes unanswered, retry after 5 s, answered 22 s after joining.
    const second = scenarios.queueCall('1003', 'support');
    clock.advance(20_000);
    clock.advance(2_000);
    second.answer('1002');
    clock.advance(3_000);
    second.hangup('caller');
    expect(figures()).toEqual(recordedParams('queue-stats-after-calls-6'));

    // Caller 3 hangs up after 4 s of waiting.
    const third = scenarios.queueCall('1003', 'support');
    clock.advance(4_000);
    third.abandon();
    expect(figures()).toEqual(recordedParams('queue-stats-after-calls-8'));
  });

  it('reports the ring time of an unanswered member in milliseconds, as AgentRingNoAnswer does', () => {
    const clock = new ManualClock();
    const { world, scenarios } = createWorld({ clock });
    const ringTimes: string[] = [];
    world.onEvent((event) => {
      if (event.name === 'AgentRingNoAnswer') ringTimes.push(event.fields.RingTime ?? '');
    });
    const call = scenarios.queueCall('1003', 'support');
    clock.advance(15_000);
    call.abandon();
    const recorded = loadMessages('queue-stats-after-calls').filter((m) => m.event === 'AgentRingNoAnswer').map((m) => m.get('RingTime'));
    expect(recorded).toEqual(['15000', '15000']);
    expect(ringTimes).toEqual(recorded);
  });
});
