import { describe, expect, it } from 'vitest';
import type { CallView, ModelChange } from '@ondeck/shared';
import { AmiMessage } from '../../pbx/ami/codec';
import { loadMessages } from '../../pbx/ami/testing/captures';
import { createPbxModel } from '../../pbx';
import { QualityFeed } from './quality-feed';
import { QualityTracker, type LegSummaryRecord } from './quality-tracker';

const LINKEDID = '1795274931.92';

/** The rtcp capture through the PBX model and the tracker, as the composition root wires them. */
function setup(): {
  feed: QualityFeed;
  changes: ModelChange[];
  stored: LegSummaryRecord[];
  play: (messages: readonly AmiMessage[]) => void;
} {
  const model = createPbxModel();
  const stored: LegSummaryRecord[] = [];
  const tracker: QualityTracker = new QualityTracker({ store: (records) => stored.push(...records), onChange: (id) => feed.qualityChanged(id), now: () => 0 });
  const feed = new QualityFeed({ snapshot: () => model.snapshot(), subscribe: (l) => model.subscribe(l), call: (id) => model.call(id) }, (id) => tracker.liveQuality(id));
  const changes: ModelChange[] = [];
  feed.subscribe((change) => changes.push(change));
  // The model hears every event first (it subscribes to the AMI link before the quality module).
  const play = (messages: readonly AmiMessage[]): void => {
    for (const message of messages) {
      model.apply(message);
      tracker.handle(message);
    }
  };
  return { feed, changes, stored, play };
}

const callUpdates = (changes: ModelChange[]): CallView[] =>
  changes.flatMap((change) => (change.kind === 'call' && change.value !== undefined ? [change.value] : []));

/** A copy of a capture message with some fields replaced. */
function edited(message: AmiMessage, fields: Record<string, string>): AmiMessage {
  const copy = new AmiMessage();
  for (const [key, value] of message.lines) copy.add(key, fields[key] ?? value);
  return copy;
}

const messages = loadMessages('rtcp');
const firstRtcp = messages.findIndex((message) => message.event?.startsWith('RTCP'));
const hangupAt = messages.findIndex((message) => message.event === 'Hangup');

describe('QualityFeed on the rtcp capture', () => {
  it('shows no quality before the first report, then the worst latest report on snapshot and pushed update', () => {
    const { feed, changes, play } = setup();
    play(messages.slice(0, firstRtcp));
    expect(feed.snapshot().calls).toHaveLength(1);
    expect(feed.snapshot().calls[0]?.quality).toBeUndefined();
    expect(callUpdates(changes).every((call) => call.quality === undefined)).toBe(true);

    changes.length = 0;
    play(messages.slice(firstRtcp, hangupAt));
    // The model emits nothing for RTCP: every call update here is the feed's own.
    const pushed = callUpdates(changes);
    expect(pushed.length).toBeGreaterThan(0);
    expect(pushed.every((call) => call.id === LINKEDID && call.state === 'up')).toBe(true);
    const expected = { grade: 'good', mos: 4.4, jitterMs: 1.4, lossPercent: 0, rttMs: 0 };
    expect(pushed.at(-1)?.quality).toEqual(expected);
    expect(feed.snapshot().calls[0]?.quality).toEqual(expected);
  });

  it('pushes only when the rounded figures change, not on every report', () => {
    const { changes, play } = setup();
    play(messages.slice(0, firstRtcp));
    const pushedByReports: string[] = [];
    for (const message of messages.slice(firstRtcp, hangupAt)) {
      changes.length = 0;
      play([message]);
      if (message.event?.startsWith('RTCP')) pushedByReports.push(...callUpdates(changes).map((call) => JSON.stringify(call.quality)));
    }
    // 12 reports; the figures changed after 3 of them (first report, first RTT, most jitter).
    expect(pushedByReports).toEqual([
      JSON.stringify({ grade: 'good', mos: 4.4, jitterMs: 1, lossPercent: 0, rttMs: null }),
      JSON.stringify({ grade: 'good', mos: 4.4, jitterMs: 1.3, lossPercent: 0, rttMs: 1 }),
      JSON.stringify({ grade: 'good', mos: 4.4, jitterMs: 1.4, lossPercent: 0, rttMs: 0 }),
    ]);
  });

  it('puts quality on the model’s own call updates and removes the call without it at hangup', () => {
    const { feed, changes, play, stored } = setup();
    play(messages.slice(0, hangupAt));
    changes.length = 0;
    play(messages.slice(hangupAt));
    const callChanges = changes.filter((change) => change.kind === 'call');
    expect(callChanges.at(-1)).toMatchObject({ op: 'removed', id: LINKEDID });
    // No update for a call the model no longer has.
    expect(callChanges.filter((change) => change.op !== 'removed' && change.id === LINKEDID && change.value?.legs.length === 0)).toEqual([]);
    expect(feed.snapshot().calls).toEqual([]);
    expect(stored.map((record) => `${record.channel} ${record.direction}`).sort()).toEqual([
      'PJSIP/1001-00000054 received',
      'PJSIP/1001-00000054 sent',
      'PJSIP/1002-00000055 received',
      'PJSIP/1002-00000055 sent',
    ]);
  });

  it('shows a lossy leg as the call’s quality: the worst direction decides', () => {
    const { feed, play } = setup();
    let seen = 0;
    play(
      messages.slice(0, hangupAt).map((message) => {
        if (message.event !== 'RTCPReceived' || message.get('Channel') !== 'PJSIP/1001-00000054') return message;
        seen += 1;
        // 1001's phone reports 20 % of Asterisk's packets lost and 40 ms jitter in the last interval.
        return seen === 3 ? edited(message, { Report0FractionLost: '51', Report0CumulativeLost: '50', Report0IAJitter: '320' }) : message;
      }),
    );
    const quality = feed.snapshot().calls[0]?.quality;
    expect(quality).toMatchObject({ grade: 'poor', jitterMs: 40, lossPercent: 19.9, rttMs: 0 });
    expect(quality?.mos).toBeLessThan(3.6);
  });

  it('ignores malformed RTCP without throwing or pushing, and keeps the last good figures', () => {
    const { feed, changes, play } = setup();
    play(messages.slice(0, hangupAt));
    const before = feed.snapshot().calls[0]?.quality;
    changes.length = 0;
    const report = messages.find((message) => message.event === 'RTCPReceived');
    if (!report) throw new Error('capture has RTCPReceived');
    const hostile = [
      edited(report, { Report0IAJitter: 'lots' }),
      edited(report, { Report0FractionLost: '-1' }),
      edited(report, { Uniqueid: '\u0000\r\nAction: Hangup' }),
      edited(report, { Linkedid: 'x'.repeat(500) }),
      edited(report, { RTT: '1e309' }),
      AmiMessage.from({ Event: 'RTCPSent' }),
      AmiMessage.from({ Event: 'RTCPReceived', Channel: 'PJSIP/1001-00000054', Uniqueid: '1795274931.92', Linkedid: LINKEDID, ReportCount: '1' }),
      AmiMessage.from({ Event: 'Hangup' }),
    ];
    expect(() => play(hostile)).not.toThrow();
    expect(callUpdates(changes).filter((call) => JSON.stringify(call.quality) !== JSON.stringify(before))).toEqual([]);
    expect(feed.snapshot().calls[0]?.quality).toEqual(before);
  });
});

describe('QualityFeed', () => {
  it('passes other kinds of change through untouched and stops pushing after unsubscribe', () => {
    const call: CallView = { id: 'c1', direction: 'internal', state: 'up', parties: [], relations: [], extensions: [], spiedBy: [], startedAt: 0, legs: [] };
    const listeners = new Set<(change: ModelChange) => void>();
    let quality: { grade: 'good'; mos: number; jitterMs: number; lossPercent: number; rttMs: number | null } | undefined;
    const feed = new QualityFeed(
      {
        snapshot: () => ({ stale: false, extensions: [], calls: [call], queues: [] }),
        subscribe: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        call: (id) => (id === call.id ? call : undefined),
      },
      () => quality,
    );
    const seen: ModelChange[] = [];
    const unsubscribe = feed.subscribe((change) => seen.push(change));
    const status: ModelChange = { kind: 'status', op: 'updated', id: 'pbx', value: { stale: true } };
    for (const listener of listeners) listener(status);
    expect(seen).toEqual([status]);

    feed.qualityChanged('c1');
    expect(seen).toHaveLength(1);
    quality = { grade: 'good', mos: 4.3, jitterMs: 2, lossPercent: 0, rttMs: 12 };
    feed.qualityChanged('c1');
    feed.qualityChanged('c1');
    feed.qualityChanged('unknown');
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({ kind: 'call', op: 'updated', id: 'c1', value: { ...call, quality } });

    unsubscribe();
    quality = { ...quality, mos: 4.1 };
    feed.qualityChanged('c1');
    expect(seen).toHaveLength(2);
    expect(listeners.size).toBe(0);
  });
});
