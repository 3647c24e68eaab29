/**
 * Replays every recorded Asterisk 22 capture through AmiParser into the model and compares
 * it with the checkpoints the capture driver wrote: relations between parties, device
 * states and queue fields. Where they disagree, the trace is right.
 */
import { describe, expect, it } from 'vitest';
import { PbxModel } from './pbx-model';
import {
  applicationsOfCheckpoint, applicationsOfSnapshot, comparableQueues, devicesOfSnapshot, idleBaseline, loadCheckpoints,
  queuesOfSnapshot, relationsOfCheckpoint, relationsOfSnapshot,
} from './testing/captures';
import { checkpointedCaptureNames, loadMessages } from '../ami/testing/captures';

const FIXED_NOW = Date.UTC(2026, 10, 21, 15, 0, 0);

describe('replay of recorded AMI captures', () => {
  const names = checkpointedCaptureNames();

  it('finds the captures', () => {
    expect(names.length).toBeGreaterThanOrEqual(22);
  });

  for (const name of names) {
    it(name, () => {
      const messages = loadMessages(name);
      const checkpoints = loadCheckpoints(name);
      const model = new PbxModel({ clock: { now: () => FIXED_NOW } });
      model.resync(idleBaseline());
      let applied = 0;
      for (const checkpoint of checkpoints) {
        expect(messages.length).toBeGreaterThanOrEqual(checkpoint.afterMessage);
        while (applied < checkpoint.afterMessage) model.apply(messages[applied++]!);
        const snapshot = model.snapshot();
        const label = `${name} @${checkpoint.afterMessage} (${checkpoint.what})`;
        expect(relationsOfSnapshot(snapshot), label).toEqual(relationsOfCheckpoint(checkpoint));
        expect(applicationsOfSnapshot(snapshot), label).toEqual(applicationsOfCheckpoint(checkpoint));
        expect(devicesOfSnapshot(snapshot, checkpoint.devices), label).toEqual(checkpoint.devices);
        expect(queuesOfSnapshot(snapshot, checkpoint.queues), label).toEqual(comparableQueues(checkpoint.queues));
      }
    });
  }

  it('list-actions-live: a resync from its list answers alone matches the checkpoint', () => {
    const lists = loadMessages('list-actions-live').filter(
      (msg) => /^list-actions-live-[1-6]$/.test(msg.actionId ?? '') && msg.event !== undefined && msg.get('EventList') !== 'Complete',
    );
    const checkpoint = loadCheckpoints('list-actions-live').find((c) => c.afterMessage === 78);
    const model = new PbxModel({ clock: { now: () => FIXED_NOW } });
    model.resync(lists);
    const snapshot = model.snapshot();
    expect(checkpoint).toBeDefined();
    if (!checkpoint) return;
    expect(relationsOfSnapshot(snapshot)).toEqual(relationsOfCheckpoint(checkpoint));
    expect(devicesOfSnapshot(snapshot, checkpoint.devices)).toEqual(checkpoint.devices);
    expect(queuesOfSnapshot(snapshot, checkpoint.queues)).toEqual(comparableQueues(checkpoint.queues));
  });

  it('voicemail-application-party: a resync from CoreShowChannels alone shows voicemail and the conference as the other party', () => {
    const lists = (actionId: string) =>
      loadMessages('voicemail-application-party').filter((msg) => msg.actionId === actionId && msg.event !== undefined && msg.get('EventList') !== 'Complete');
    const model = new PbxModel({ clock: { now: () => FIXED_NOW } });
    model.resync([...idleBaseline(), ...lists('voicemail-application-party-1')]);
    const [voicemail] = model.calls();
    expect(voicemail?.relations).toEqual([{ a: '1002', state: 'up', application: { kind: 'voicemail', app: 'VoiceMailMain', label: 'Voicemail 1002' } }]);
    expect(voicemail?.parties.map((p) => [p.number, p.channel])).toEqual([['1002', 'PJSIP/1002-000000e1'], ['Voicemail 1002', '']]);
    expect(voicemail?.extensions).toEqual(['1002']);
    expect(voicemail?.direction).toBe('internal');

    model.resync([...idleBaseline(), ...lists('voicemail-application-party-2')]);
    // Each member's call (two Linkedids, one softmix bridge) shows the other member and the conference.
    const conference = model.calls().map((call) => [[...call.parties.map((p) => p.number)].sort(), call.relations.map((r) => r.application?.label)]);
    expect(conference).toEqual([
      [['1002', '1003', 'Conference 800'], ['Conference 800']],
      [['1002', '1003', 'Conference 800'], ['Conference 800']],
    ]);
  });
});
