import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../src/pbx/ami/codec';
import { loadMessages } from '../src/pbx/ami/testing/captures';
import { compareStreams, simEventToMessage } from './testing/capture-compare';
import { ManualClock } from './clock';
import type { SimulatorScenarios } from './scenarios';
import { startRtcpReports } from './rtcp';
import { createWorld } from './simulator';
import { readCheckpoints, worldCheckpoint } from './testing/capture-checkpoints';
import type { CheckpointView } from './testing/capture-checkpoints';

type Driver = (s: SimulatorScenarios, clock: ManualClock, checkpoint: () => void) => void;

/** Runs a driver; `checkpoint()` is called where the capture took its checkpoints. */
function runWithCheckpoints(name: string, drive: Driver): { events: AmiMessage[]; seen: CheckpointView[]; expected: CheckpointView[] } {
  const clock = new ManualClock();
  const { world, scenarios } = createWorld({ clock });
  const events: AmiMessage[] = [];
  world.onEvent((e) => events.push(simEventToMessage(e)));
  const expected = readCheckpoints(name);
  const seen: CheckpointView[] = [];
  drive(scenarios, clock, () => {
    const like = expected[seen.length];
    if (like) seen.push(worldCheckpoint(world, like));
  });
  return { events, seen, expected };
}

function run(drive: Driver): AmiMessage[] {
  return runWithCheckpoints('busy', drive).events;
}

const SCENARIOS: Record<string, Driver> = {
  'basic-answer-caller-hangup': (s, clock, checkpoint) => {
    const call = s.call('1001', '1002');
    clock.advance(1300);
    checkpoint();
    call.answer();
    checkpoint();
    clock.advance(3000);
    call.hangup('caller');
    checkpoint();
  },
  'basic-answer-callee-hangup': (s, clock, checkpoint) => {
    const call = s.call('1001', '1002');
    clock.advance(1300);
    checkpoint();
    call.answer();
    checkpoint();
    clock.advance(3000);
    call.hangup('callee');
    checkpoint();
  },
  'no-answer': (s, clock, checkpoint) => {
    s.call('1001', '1002');
    clock.advance(1300);
    checkpoint();
    clock.advance(7700);
    checkpoint();
  },
  busy: (s, _clock, checkpoint) => {
    const call = s.call('1001', '1002');
    checkpoint();
    call.busy();
    checkpoint();
  },
  'caller-cancel': (s, clock, checkpoint) => {
    const call = s.call('1001', '1002');
    clock.advance(2000);
    checkpoint();
    call.cancel();
    checkpoint();
  },
  'queue-answered': (s, clock, checkpoint) => {
    const call = s.queueCall('1003', 'support');
    clock.advance(1500);
    checkpoint();
    call.answer('1002');
    checkpoint();
    clock.advance(5000);
    call.hangup('caller');
    checkpoint();
  },
  'queue-abandon': (s, clock, checkpoint) => {
    const call = s.queueCall('1003', 'support');
    clock.advance(1500);
    checkpoint();
    clock.advance(3500);
    call.abandon();
    checkpoint();
  },
  'hold-unhold': (s, clock, checkpoint) => {
    const call = s.call('1001', '1002');
    clock.advance(1000);
    checkpoint();
    call.answer();
    checkpoint();
    call.hold('caller');
    checkpoint();
    clock.advance(3000);
    call.unhold('caller');
    checkpoint();
    call.hangup('caller');
    checkpoint();
  },
  'blind-transfer': (s, clock, checkpoint) => {
    const call = s.call('1001', '1002');
    checkpoint();
    call.answer();
    checkpoint();
    clock.advance(2000);
    const next = s.blindTransfer(call, 'callee', '1003');
    checkpoint();
    clock.advance(2000);
    next.answer();
    checkpoint();
    next.hangup('callee');
    checkpoint();
  },
  registration: (s, _clock, checkpoint) => {
    s.setRegistered('1003', false);
    checkpoint();
    s.setRegistered('1003', true);
    checkpoint();
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
    expect(compareStreams(loadMessages('rtcp'), out, { classes })).toEqual([]);
  });

  for (const [name, drive] of Object.entries(SCENARIOS)) {
    it(`${name} matches the capture lane by lane and at every checkpoint`, () => {
      const { events, seen, expected } = runWithCheckpoints(name, drive);
      expect(compareStreams(loadMessages(name), events)).toEqual([]);
      expect(seen).toEqual(expected);
    });
  }

  it('notices a missing event (the comparison can fail)', () => {
    const generated = run(SCENARIOS['busy'] ?? (() => undefined));
    const withoutDialEnd = generated.filter((m) => m.event !== 'DialEnd');
    expect(compareStreams(loadMessages('busy'), withoutDialEnd).length).toBeGreaterThan(0);
  });
});
