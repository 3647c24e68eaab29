import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../pbx/ami/codec';
import { loadMessages } from '../../pbx/ami/testing/captures';
import { createPbxModel } from '../../pbx';
import { createLogger } from '../../logging';
import { ManualTimers } from '../../lib/testing/manual-timers';
import { createQualityModule, type QualityStore, type StoredLegQuality } from '.';
import type { LegSummaryRecord } from './quality-tracker';

const LINKEDID = '1795274931.92';

interface LogLine {
  level: number;
  msg: string;
  linkedid?: string;
  rows?: number;
}

/** The module with fakes for AMI, the store and the log, and the real PBX model behind its feed. */
function setup(options: { failInserts?: boolean } = {}) {
  const ami = new EventEmitter<{ event: [AmiMessage] }>();
  const model = createPbxModel();
  ami.on('event', (message) => model.apply(message)); // the model listens first, as in domains.ts
  const inserted: LegSummaryRecord[] = [];
  const repository: QualityStore = {
    insert: async (records) => {
      if (options.failInserts) throw new Error('ER_LOCK_WAIT_TIMEOUT');
      inserted.push(...records);
    },
    legsOf: async (linkedids) =>
      inserted
        .filter((record) => linkedids.includes(record.linkedid))
        .map((record): StoredLegQuality => ({ linkedid: record.linkedid, channel: record.channel, direction: record.direction, summary: record.summary })),
  };
  const logs: LogLine[] = [];
  const logger = createLogger('debug', { write: (line: string) => logs.push(JSON.parse(line) as LogLine) });
  const timers = new ManualTimers();
  const quality = createQualityModule({
    repository,
    events: ami,
    pbx: { snapshot: () => model.snapshot(), subscribe: (l) => model.subscribe(l), call: (id) => model.call(id) },
    logger,
    timers,
    idleMs: 120_000,
  });
  const play = (messages: readonly AmiMessage[]): void => {
    for (const message of messages) ami.emit('event', message);
  };
  return { ami, quality, inserted, logs, timers, play };
}

const messages = loadMessages('rtcp');
const hangupAt = messages.findIndex((message) => message.event === 'Hangup');
const legDirections = (records: LegSummaryRecord[]): string[] => records.map((r) => `${r.channel} ${r.direction}`).sort();

describe('createQualityModule', () => {
  it('listens once started, shows live quality through its feed, and stores every leg at hangup for the lookup', async () => {
    const { ami, quality, inserted, logs, play } = setup();
    play(messages.slice(0, hangupAt));
    expect(quality.feed.snapshot().calls[0]?.quality).toBeUndefined(); // not started: nothing heard

    quality.start();
    expect(ami.listenerCount('event')).toBe(2);
    play(messages.slice(0, hangupAt));
    expect(quality.feed.snapshot().calls[0]?.quality).toMatchObject({ grade: 'good', mos: 4.4 });

    play(messages.slice(hangupAt));
    await quality.settled();
    expect(legDirections(inserted)).toEqual(['PJSIP/1001-00000054 received', 'PJSIP/1001-00000054 sent', 'PJSIP/1002-00000055 received', 'PJSIP/1002-00000055 sent']);
    expect(logs.filter((line) => line.msg === 'call quality stored').map((line) => line.rows)).toEqual([2, 2]);

    const detail = await quality.lookup.detailFor(LINKEDID);
    expect(detail.summary).toMatchObject({ grade: 'good', mosAverage: 4.4, reports: 12 });
    expect(detail.legs).toHaveLength(4);
    await quality.stop();
  });

  it('logs a failed write with the call and carries on with the next call', async () => {
    const { quality, logs, play } = setup({ failInserts: true });
    quality.start();
    play(messages);
    await quality.settled();
    const failures = logs.filter((line) => line.msg === 'call quality could not be stored');
    expect(failures).toHaveLength(2);
    expect(failures.every((line) => line.linkedid === LINKEDID && line.level === 50)).toBe(true);
    // The live side still works for the next call (the same capture again).
    play(messages.slice(0, hangupAt));
    expect(quality.feed.snapshot().calls[0]?.quality?.grade).toBe('good');
    await quality.stop();
  });

  it('stores legs whose Hangup never came once they are idle, on its own sweep', async () => {
    const { quality, inserted, timers, play } = setup();
    quality.start();
    play(messages.slice(0, hangupAt));
    timers.advance(60_000);
    await quality.settled();
    expect(inserted).toEqual([]);
    timers.advance(120_000);
    await quality.settled();
    expect(legDirections(inserted)).toHaveLength(4);
    await quality.stop();
  });

  it('on stop stops listening, stores the legs still in progress and waits for the writes', async () => {
    const { ami, quality, inserted, timers, play } = setup();
    quality.start();
    play(messages.slice(0, hangupAt));
    await quality.stop();
    expect(ami.listenerCount('event')).toBe(1);
    expect(legDirections(inserted)).toHaveLength(4);
    // Nothing heard or swept after stop.
    play(messages);
    timers.advance(600_000);
    await quality.settled();
    expect(inserted).toHaveLength(4);
  });
});
