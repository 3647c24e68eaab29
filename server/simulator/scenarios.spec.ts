import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import type { SimulatorScenarios } from './scenarios';
import { createWorld } from './simulator';
import type { SimEvent } from './types';

/** Runs a scenario and checks the world is clean afterwards: no channels, bridges or busy devices. */
function runClean(drive: (s: SimulatorScenarios, clock: ManualClock) => void): SimEvent[] {
  const clock = new ManualClock();
  const { world, scenarios } = createWorld({ clock });
  const events: SimEvent[] = [];
  world.onEvent((e) => events.push(e));
  drive(scenarios, clock);
  expect([...world.channels.keys()]).toEqual([]);
  expect(world.bridges.size).toBe(0);
  for (const ext of ['1001', '1002', '1003']) expect(world.devices.get(`PJSIP/${ext}`)).toBe('NOT_INUSE');
  for (const queue of world.queues.values()) expect(queue.callers).toHaveLength(0);
  return events;
}

const names = (events: SimEvent[]): string[] => events.map((e) => e.name);

describe('scenario paths leave a clean world', () => {
  it('Local-member queue (support-local): every member rings through a Local pair, the caller hangs up', () => {
    const events = runClean((s, clock) => {
      const call = s.queueCall('1003', 'support-local', { exten: '8001' });
      expect(call.attempts.map((a) => a.channel.name.replace(/-[0-9a-f]{8};1$/, ''))).toEqual(['Local/1002@from-queue', 'Local/1001@from-queue']);
      clock.advance(2000);
      call.answer('1001');
      clock.advance(4000);
      call.hangup('caller');
    });
    expect(names(events).filter((n) => n === 'LocalBridge')).toHaveLength(2);
    expect(events.find((e) => e.name === 'AgentComplete')?.fields.Reason).toBe('caller');
  });

  it('Local-member queue: nobody answers, the queue rings again after timeout + retry, then the caller abandons', () => {
    const events = runClean((s, clock) => {
      const call = s.queueCall('1003', 'support-local');
      clock.advance(15_000);
      expect(call.attempts).toHaveLength(0);
      clock.advance(5_000);
      expect(call.attempts).toHaveLength(2);
      call.abandon();
    });
    expect(names(events).filter((n) => n === 'AgentCalled')).toHaveLength(4);
    expect(names(events).filter((n) => n === 'AgentRingNoAnswer')).toHaveLength(2);
  });

  it('a queue caller from a trunk, answered by an agent who hangs up', () => {
    runClean((s) => {
      const call = s.queueCall('+15550001111', 'support', { trunk: true });
      call.answer('1002');
      call.hangup('agent');
    });
  });

  it('attended transfer where the target never answers: the transferer comes back', () => {
    const events = runClean((s) => {
      const call = s.call('1001', '1002').answer();
      const transfer = s.attendedTransfer(call, 'callee', '1003');
      s.hangupChannel(transfer.phone.name);
      expect(call.caller.bridgeId).toBe(call.callee.bridgeId);
      expect(call.caller.hearingMoh).toBe(false);
      call.hangup('caller');
    });
    expect(names(events)).toContain('Unhold');
  });

  it('attended transfer completed from the scenario API', () => {
    runClean((s) => {
      const call = s.call('1001', '1002').answer();
      const joined = s.attendedTransfer(call, 'callee', '1003').answer().complete();
      expect([joined.caller.callerNum, joined.callee.callerNum]).toEqual(['1001', '1003']);
      joined.hangup('callee');
    });
  });

  it('AGI-free originate-like flows: inbound, busy, cancel, timeout', () => {
    runClean((s, clock) => {
      s.inbound('+15551234567', '1001').answer().hangup('caller');
      s.call('1001', '1002').busy();
      s.call('1002', '1003').cancel();
      s.call('1003', '1001');
      clock.advance(8000);
    });
  });

  it('scenario misuse fails loudly instead of corrupting the world', () => {
    const clock = new ManualClock();
    const { scenarios } = createWorld({ clock });
    const call = scenarios.call('1001', '1002');
    expect(() => call.hold('caller')).toThrow();
    call.answer();
    expect(() => call.busy()).toThrow();
    expect(() => scenarios.queueCall('1003', 'nope')).toThrow('no queue nope');
    const waiting = scenarios.queueCall('1003', 'support');
    expect(() => waiting.answer('1003')).toThrow();
  });
});
