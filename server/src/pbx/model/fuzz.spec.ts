/**
 * Feeds the model mutated capture streams (seeded, so a failure replays exactly): shuffled
 * windows, dropped, duplicated and truncated messages, garbage values, missing keys.
 * The model must never throw, and what it reports must stay self-consistent.
 */
import { describe, expect, it } from 'vitest';
import type { CallView, ExtensionView, ModelChange, QueueView } from '@ondeck/shared';
import { AmiMessage } from '../ami/codec';
import { checkpointedCaptureNames, loadMessages } from '../ami/testing/captures';
import { idleBaseline } from './testing/captures';
import { PbxModel } from './pbx-model';
import { seededRandom } from '../../lib/seeded-random';


const GARBAGE = ['', ' ', '-1', '99999999999999999999', 'NaN', '<unknown>', 'PJSIP/', 'Local/;1', '\u0000', 'x'.repeat(5000), '1.2.3', ';2'];

function mutate(message: AmiMessage, random: () => number): AmiMessage {
  const out = new AmiMessage();
  for (const [key, value] of message.lines) {
    const roll = random();
    if (roll < 0.04) continue;
    if (roll < 0.08) out.add(key, GARBAGE[Math.floor(random() * GARBAGE.length)] ?? '');
    else if (roll < 0.1) out.add(key, value.slice(0, Math.floor(random() * value.length)));
    else out.add(key, value);
  }
  return out;
}

function mutatedStream(messages: readonly AmiMessage[], random: () => number): AmiMessage[] {
  const stream: AmiMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!message) continue;
    const roll = random();
    if (roll < 0.05) continue;
    if (roll < 0.08) {
      // swap with a near neighbour: subsystems interleave differently between runs
      const next = messages[i + 1];
      if (next) stream.push(next);
      stream.push(message);
      i += 1;
      continue;
    }
    stream.push(roll < 0.3 ? mutate(message, random) : message);
    if (random() < 0.03) stream.push(message);
  }
  return stream.slice(0, Math.floor(stream.length * (0.5 + random() / 2)));
}

/** Rebuilds the views from change events alone; must equal what the model reports. */
function mirror(model: PbxModel): { calls: Map<string, CallView>; extensions: Map<string, ExtensionView>; queues: Map<string, QueueView> } {
  const views = { calls: new Map<string, CallView>(), extensions: new Map<string, ExtensionView>(), queues: new Map<string, QueueView>() };
  model.subscribe((change: ModelChange) => {
    if (change.kind === 'status') return;
    const target = change.kind === 'call' ? views.calls : change.kind === 'extension' ? views.extensions : views.queues;
    if (change.op === 'removed') (target as Map<string, unknown>).delete(change.id);
    else (target as Map<string, unknown>).set(change.id, change.value);
  });
  return views;
}

function assertConsistent(model: PbxModel): void {
  const snapshot = model.snapshot();
  const callIds = new Set(snapshot.calls.map((call) => call.id));
  for (const call of snapshot.calls) {
    expect(call.legs.map((leg) => leg.uniqueid).sort()).toEqual(model.channelIdsOf(call.id).sort());
    const numbers = new Set(call.parties.map((party) => party.number));
    for (const relation of call.relations) {
      expect(numbers.has(relation.a)).toBe(true);
      if (relation.b !== undefined) expect(numbers.has(relation.b)).toBe(true);
    }
  }
  for (const extension of snapshot.extensions) {
    for (const id of extension.callIds) expect(callIds.has(id)).toBe(true);
  }
  for (const queue of snapshot.queues) expect(queue.waiting).toBe(queue.callers.length);
}

describe('model fuzzing with mutated captures', () => {
  for (const name of checkpointedCaptureNames()) {
    it(`${name} never throws and stays consistent`, () => {
      const messages = loadMessages(name);
      for (let seed = 1; seed <= 8; seed++) {
        const random = seededRandom(seed * 7919 + name.length);
        const model = new PbxModel({ clock: { now: () => 0 } });
        const views = mirror(model);
        model.resync(idleBaseline());
        for (const message of mutatedStream(messages, random)) {
          expect(() => model.apply(message), `${name} seed ${seed}`).not.toThrow();
        }
        assertConsistent(model);
        expect([...views.calls.values()]).toEqual(model.calls());
        expect([...views.extensions.values()].sort((a, b) => a.number.localeCompare(b.number)))
          .toEqual([...model.extensions()].sort((a, b) => a.number.localeCompare(b.number)));
        expect([...views.queues.values()]).toEqual(model.queues());

        // A fresh resync with no channels ends every call, and the listeners hear about it.
        model.resync(idleBaseline());
        expect(model.calls()).toEqual([]);
        expect(views.calls.size).toBe(0);
        assertConsistent(model);
      }
    });
  }

  it('survives messages that are nothing but garbage', () => {
    const random = seededRandom(42);
    const model = new PbxModel();
    const events = ['Newchannel', 'Hangup', 'DialBegin', 'BridgeEnter', 'BridgeMerge', 'Hold', 'ChanSpyStart',
      'QueueMemberStatus', 'QueueCallerJoin', 'QueueCallerLeave', 'ContactStatus', 'EndpointList', 'DeviceStateChange',
      'ExtensionStatus', 'CoreShowChannel', 'OriginateResponse', 'AgentConnect', 'MusicOnHoldStop'];
    const keys = ['Channel', 'Uniqueid', 'Linkedid', 'DestChannel', 'DestUniqueid', 'BridgeUniqueid', 'Queue', 'Interface',
      'Device', 'State', 'Status', 'Position', 'Contacts', 'URI', 'EndpointName', 'SpyerUniqueid', 'SpyeeUniqueid', 'SpyerChannel'];
    for (let i = 0; i < 3000; i++) {
      const message = new AmiMessage();
      message.add('Event', events[Math.floor(random() * events.length)] ?? 'Hangup');
      for (const key of keys) {
        if (random() < 0.5) message.add(key, random() < 0.5 ? `PJSIP/${Math.floor(random() * 5)}-0${Math.floor(random() * 3)}` : String(Math.floor(random() * 4)));
      }
      expect(() => model.apply(message)).not.toThrow();
    }
    assertConsistent(model);
  });
});
