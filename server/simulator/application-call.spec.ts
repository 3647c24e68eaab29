/**
 * Calls to applications against the voicemail-application-party capture: the simulator's
 * events for `*97` match the capture lane by lane, and CoreShowChannels reports the
 * application the way Asterisk does, so OnDeck's model sees the same call either way.
 */
import { describe, expect, it } from 'vitest';
import { PbxModel } from '../src/pbx/model';
import { compareStreams, simEventToMessage } from './testing/capture-compare';
import { loadMessages } from '../src/pbx/ami/testing/captures';
import { ManualClock } from './clock';
import { createWorld } from './simulator';
import type { AmiMessage } from '../src/pbx/ami/codec';

describe('application calls', () => {
  it('*97 (VoiceMailMain) matches the capture up to its hangup, and the model shows the mailbox as the other party', () => {
    const clock = new ManualClock();
    const { world, scenarios } = createWorld({ clock });
    const events: AmiMessage[] = [];
    world.onEvent((e) => events.push(simEventToMessage(e)));
    const model = new PbxModel();
    world.onEvent((e) => model.apply(simEventToMessage(e)));
    const call = scenarios.application('1002', '*97');
    clock.advance(2_000);
    expect(model.calls().map((c) => c.parties.map((p) => p.number))).toEqual([['1002', 'Voicemail 1002']]);
    expect(world.channels.get(call.caller.name)?.application).toBe('VoiceMailMain');
    call.hangup();
    expect(model.calls()).toEqual([]);
    // The capture's first 31 messages are the *97 call (its CoreShowChannels answer aside).
    const captured = loadMessages('voicemail-application-party').slice(0, 31).filter((m) => m.actionId === undefined);
    expect(compareStreams(captured, events)).toEqual([]);
  });

  it('600 answers, plays a recording and echoes; *1003 leaves a message in 1003’s mailbox', () => {
    const clock = new ManualClock();
    const { world, scenarios } = createWorld({ clock });
    const model = new PbxModel();
    world.onEvent((e) => model.apply(simEventToMessage(e)));
    const echo = scenarios.application('1001', '600');
    expect(model.calls()[0]?.relations[0]?.application).toEqual({ kind: 'echo', app: 'Echo', label: 'Echo test' });
    echo.hangup();
    scenarios.application('1001', '*1003');
    expect(model.calls()[0]?.parties.map((p) => p.number)).toEqual(['1001', 'Voicemail 1003']);
    expect(() => scenarios.application('1001', '555')).toThrow(/no application/);
  });
});
