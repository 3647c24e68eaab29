import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../pbx/ami/codec';
import { compareStreams, readCaptureMessages, simEventToMessage } from './capture-compare';
import { ManualClock } from './clock';
import type { SimulatorScenarios } from './scenarios';
import { startRtcpReports } from './rtcp';
import { createWorld } from './simulator';

function run(drive: (s: SimulatorScenarios, clock: ManualClock) => void): AmiMessage[] {
  const clock = new ManualClock();
  const { world, scenarios } = createWorld({ clock });
  const out: AmiMessage[] = [];
  world.onEvent((e) => out.push(simEventToMessage(e)));
  drive(scenarios, clock);
  return out;
}

const SCENARIOS: Record<string, (s: SimulatorScenarios, clock: ManualClock) => void> = {
  'basic-answer-caller-hangup': (s, clock) => {
    const call = s.call('1001', '1002');
    clock.advance(1300);
    call.answer();
    clock.advance(3000);
    call.hangup('caller');
  },
  'basic-answer-callee-hangup': (s, clock) => {
    const call = s.call('1001', '1002');
    clock.advance(1300);
    call.answer();
    clock.advance(3000);
    call.hangup('callee');
  },
  'no-answer': (s, clock) => {
    s.call('1001', '1002');
    clock.advance(9000);
  },
  busy: (s) => s.call('1001', '1002').busy(),
  'caller-cancel': (s, clock) => {
    const call = s.call('1001', '1002');
    clock.advance(2000);
    call.cancel();
  },
  'queue-answered': (s, clock) => {
    const call = s.queueCall('1003', 'support');
    clock.advance(1500);
    call.answer('1002');
    clock.advance(5000);
    call.hangup('caller');
  },
  'queue-abandon': (s, clock) => {
    const call = s.queueCall('1003', 'support');
    clock.advance(5000);
    call.abandon();
  },
  'hold-unhold': (s, clock) => {
    const call = s.call('1001', '1002');
    clock.advance(1000);
    call.answer();
    call.hold('caller');
    clock.advance(3000);
    call.unhold('caller');
    call.hangup('caller');
  },
  'blind-transfer': (s, clock) => {
    const call = s.call('1001', '1002');
    call.answer();
    clock.advance(2000);
    const next = s.blindTransfer(call, 'callee', '1003');
    clock.advance(2000);
    next.answer();
    next.hangup('callee');
  },
  registration: (s) => {
    s.setRegistered('1003', false);
    s.setRegistered('1003', true);
  },
};

describe('fidelity against the Asterisk 22 captures', () => {
  it('rtcp: a ~16 s call has RTCPSent/RTCPReceived every 5 s per leg, with the real field layout', () => {
    const clock = new ManualClock();
    const { world, scenarios } = createWorld({ clock });
    const out: AmiMessage[] = [];
    world.onEvent((e) => out.push(simEventToMessage(e)));
    const stop = startRtcpReports(world, 5000);
    const call = scenarios.call('1001', '1002');
    clock.advance(1000);
    call.answer();
    clock.advance(16_000);
    call.hangup('caller');
    stop();
    const classes = new Set(['call', 'agent', 'system', 'reporting']);
    expect(compareStreams(readCaptureMessages('rtcp'), out, { classes })).toEqual([]);
  });

  for (const [name, drive] of Object.entries(SCENARIOS)) {
    it(`${name} matches the capture lane by lane`, () => {
      expect(compareStreams(readCaptureMessages(name), run(drive))).toEqual([]);
    });
  }

  it('notices a missing event (the comparison can fail)', () => {
    const generated = run(SCENARIOS['busy'] ?? (() => undefined));
    const withoutDialEnd = generated.filter((m) => m.event !== 'DialEnd');
    expect(compareStreams(readCaptureMessages('busy'), withoutDialEnd).length).toBeGreaterThan(0);
  });
});
