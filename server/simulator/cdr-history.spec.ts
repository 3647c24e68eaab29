import { describe, expect, it } from 'vitest';
import { cdrRowFromEvent, groupCalls, linkedIdsFromEvents, type CdrRow } from '../src/history';
import { loadMessages } from '../src/pbx/ami/testing/captures';
import type { CdrRecord } from './cdr-records';
import { generateCdrHistory, type CdrHistoryOptions, type HistoryCall, type HistoryCallShape } from './cdr-history';
import { ManualClock } from './clock';
import { createWorld } from './simulator';

const OPTIONS: CdrHistoryOptions = {
  from: new Date('2026-11-02T00:00:00Z'), // a Monday
  days: 7,
  callsPerWeekday: 200,
  seed: 7,
  names: { '1001': 'Sam Supervisor', '1002': 'Alex Agent', '1003': 'Blair Agent', '1004': 'Dana Whitfield', '1027': 'Reception' },
  queues: { support: { number: '8000', members: ['1001', '1002', '1003'] } },
  dids: ['0201234500'],
  reception: '1027',
  wav49Every: 10,
};
const RULES = { extension: /^\d{3,5}$/, trunkNames: ['trunk'] };

const history = [...generateCdrHistory(OPTIONS)];
const firstOf = (shape: HistoryCallShape): HistoryCall => {
  const call = history.find((c) => c.shape === shape);
  if (!call) throw new Error(`no ${shape} call generated`);
  return call;
};

/** A row with ids and times replaced by their shapes, so a generated row and a live or captured one compare. */
function shapeOf(row: CdrRow): Record<string, unknown> {
  return {
    src: /^\d{4}$/.test(row.src) ? 'ext' : row.src,
    dst: /^\d{4}$/.test(row.dst) ? 'ext' : row.dst,
    dcontext: row.dcontext,
    channel: row.channel.replace(/\/\d{4}-[0-9a-f]{8}$/, '/EXT-SEQ').replace(/-[0-9a-f]{8}(;\d)?$/, '-SEQ$1'),
    dstchannel: row.dstchannel.replace(/\/\d{4}-[0-9a-f]{8}$/, '/EXT-SEQ').replace(/-[0-9a-f]{8}(;\d)?$/, '-SEQ$1'),
    lastapp: row.lastapp,
    lastdata: row.lastdata.replace(/\d{4}/, 'ext'),
    disposition: row.disposition,
    clid: row.clid.replace(/"[^"]*" <\d{4}>/, 'NAME <ext>'),
    uniqueid: /^\d{10}\.\d+$/.test(row.uniqueid),
    answeredShare: row.billsec > 0,
  };
}

function liveRows(drive: (clock: ManualClock, scenarios: ReturnType<typeof createWorld>['scenarios']) => void): CdrRecord[] {
  const clock = new ManualClock();
  const { world, scenarios } = createWorld({ clock });
  const rows: CdrRecord[] = [];
  world.cdrListeners.add((row) => rows.push(row));
  drive(clock, scenarios);
  return rows;
}

function capturedRows(name: string): CdrRow[] {
  const messages = loadMessages(name);
  const linked = linkedIdsFromEvents(messages);
  return messages.filter((m) => m.get('Event') === 'Cdr').map((m) => cdrRowFromEvent(m, linked));
}

describe('CDR history generator', () => {
  it('gives the same rows for the same seed and different rows for another', () => {
    const again = [...generateCdrHistory(OPTIONS)];
    expect(again).toEqual(history);
    const other = [...generateCdrHistory({ ...OPTIONS, seed: 8 })];
    expect(other.map((c) => c.rows[0]?.uniqueid)).not.toEqual(history.map((c) => c.rows[0]?.uniqueid));
  });

  it('keeps calls in start order with linkedid = the first leg uniqueid and uniqueid <epoch>.<seq>', () => {
    let previous = 0;
    for (const { rows } of history) {
      const [first] = rows;
      if (!first) throw new Error('a call without rows');
      expect(first.calldate.getTime()).toBeGreaterThanOrEqual(previous);
      previous = first.calldate.getTime();
      expect(first.calldate.getUTCMilliseconds()).toBe(0);
      for (const row of rows) {
        expect(row.linkedid).toBe(first.uniqueid);
        expect(row.uniqueid).toMatch(/^(\d{10})\.\d+$/);
        // A leg's uniqueid dates from its channel; a channel's later CDR (after a transfer) keeps it.
        expect(Number(row.uniqueid.split('.')[0])).toBeLessThanOrEqual(Math.floor(row.calldate.getTime() / 1000));
        expect(row.billsec).toBeLessThanOrEqual(row.duration);
      }
    }
  });

  it('looks like an office: busy weekday mornings, quiet nights and weekends, about 2.5 legs per call', () => {
    const rows = history.flatMap((c) => c.rows);
    expect(rows.length / history.length).toBeGreaterThan(2.1);
    expect(rows.length / history.length).toBeLessThan(2.9);
    const starts = history.map((c) => c.rows[0]?.calldate ?? new Date(0));
    const weekend = starts.filter((d) => d.getUTCDay() === 0 || d.getUTCDay() === 6).length;
    const monday = starts.filter((d) => d.getUTCDay() === 1).length;
    expect(weekend).toBeLessThan(monday / 2);
    const mornings = starts.filter((d) => d.getUTCHours() >= 9 && d.getUTCHours() < 12).length;
    const nights = starts.filter((d) => d.getUTCHours() < 6 || d.getUTCHours() >= 22).length;
    expect(mornings).toBeGreaterThan(starts.length / 3);
    expect(nights).toBe(0);
  });

  it('groups into every outcome and direction the call log knows', () => {
    const calls = groupCalls(history.flatMap((c) => c.rows), RULES);
    expect(calls).toHaveLength(history.length);
    expect(new Set(calls.map((c) => c.outcome))).toEqual(new Set(['answered', 'no_answer', 'busy', 'voicemail', 'abandoned']));
    expect(new Set(calls.map((c) => c.direction))).toEqual(new Set(['inbound', 'outbound', 'internal']));
    const byId = new Map(calls.map((c) => [c.linkedid, c]));
    const outcomeOf = (shape: HistoryCallShape): string | undefined => byId.get(firstOf(shape).rows[0]?.linkedid ?? '')?.outcome;
    expect(outcomeOf('queue-answered')).toBe('answered');
    expect(outcomeOf('queue-abandoned')).toBe('abandoned');
    expect(outcomeOf('internal-voicemail')).toBe('voicemail');
    expect(outcomeOf('internal-busy')).toBe('busy');
    expect(outcomeOf('outbound-no-answer')).toBe('no_answer');
  });

  it('writes an internal answered call as the live simulator does', () => {
    const [live] = liveRows((clock, s) => {
      const call = s.call('1001', '1002');
      clock.advance(3000);
      call.answer();
      clock.advance(40_000);
      call.hangup('caller');
    });
    if (!live) throw new Error('the simulator wrote no row');
    const generated = firstOf('internal-answered').rows;
    expect(generated).toHaveLength(1);
    expect(shapeOf(generated[0] as CdrRow)).toEqual(shapeOf(live));
    expect(Object.keys(generated[0] ?? {}).sort()).toEqual(Object.keys(live).sort());
  });

  it('writes busy and unanswered calls as the busy and no-answer captures: the Dial row and the Hangup row', () => {
    expect(firstOf('internal-busy').rows.map(shapeOf)).toEqual(capturedRows('busy').map(shapeOf));
    expect(firstOf('internal-no-answer').rows.map(shapeOf)).toEqual(capturedRows('no-answer').map(shapeOf));
  });

  it('writes the queue-answered capture\'s caller rows for a call that rang as many members', () => {
    const captured = capturedRows('queue-answered');
    const call = history.find((c) => c.shape === 'queue-answered' && c.rows.filter((r) => r.lastapp === 'Queue').length === captured.length);
    if (!call) throw new Error('no answered queue call that rang as many members as the capture');
    const comparable = (row: CdrRow): Record<string, unknown> => ({ disposition: row.disposition, lastapp: row.lastapp, billsFromStart: row.billsec === row.duration, dstIsQueueNumber: /^\d+$/.test(row.dst) });
    const dispositions = (rows: CdrRow[]): string[] => rows.map((r) => r.disposition).sort();
    const callerRows = call.rows.filter((r) => r.lastapp === 'Queue');
    expect(dispositions(callerRows)).toEqual(dispositions(captured));
    expect(new Set(callerRows.map(comparable).map((c) => JSON.stringify({ ...c, disposition: '' })))).toEqual(new Set(captured.map(comparable).map((c) => JSON.stringify({ ...c, disposition: '' }))));
  });

  it('writes an abandoned queue call as the queue-abandon capture: one NO ANSWER caller row per member rung', () => {
    const captured = capturedRows('queue-abandon');
    const call = history.find((c) => c.shape === 'queue-abandoned' && c.rows.filter((r) => r.lastapp === 'Queue').length === captured.length);
    if (!call) throw new Error('no abandoned call that rang as many members as the capture');
    const callerRows = call.rows.filter((r) => r.lastapp === 'Queue');
    const comparable = (row: CdrRow): Record<string, unknown> => ({ ...shapeOf(row), src: 'caller', clid: 'caller', channel: 'caller', dcontext: 'context', dstchannel: 'member', answeredShare: row.billsec === row.duration });
    expect(callerRows.map(comparable)).toEqual(captured.map(comparable));
  });

  it('rings Local members of an answered queue call: a caller row per member, ;2 legs dial the phones', () => {
    const { rows } = firstOf('queue-answered');
    const callerRows = rows.filter((r) => r.lastapp === 'Queue');
    const localRows = rows.filter((r) => r.channel.startsWith('Local/'));
    expect(callerRows.map((r) => r.disposition).filter((d) => d === 'ANSWERED')).toHaveLength(1);
    expect(localRows).toHaveLength(callerRows.length);
    for (const row of callerRows) {
      expect(row).toMatchObject({ dst: '8000', lastdata: 'support', dcontext: 'from-trunk', did: '0201234500' });
      expect(row.channel).toMatch(/^PJSIP\/trunk-[0-9a-f]{8}$/);
      expect(row.dstchannel).toMatch(/^Local\/100[123]@from-queue-[0-9a-f]{8};1$/);
    }
    for (const row of localRows) {
      expect(row.channel).toMatch(/^Local\/(100[123])@from-queue-[0-9a-f]{8};2$/);
      expect(row.dstchannel).toMatch(new RegExp(`^PJSIP/${row.dst}-[0-9a-f]{8}$`));
      expect(row).toMatchObject({ dcontext: 'from-queue', lastapp: 'Dial', lastdata: `PJSIP/${row.dst},,`, src: callerRows[0]?.src });
    }
  });

  it('names recordings the FreePBX way, some as wav49 .WAV, only on answered calls', () => {
    const recordedCalls = history.filter((c) => c.rows.some((r) => r.recordingfile !== ''));
    expect(recordedCalls.length).toBeGreaterThan(50);
    for (const { rows } of recordedCalls) {
      // The name carries the call's start (the first leg) and the recording channel's uniqueid.
      const stamp = rows[0]?.calldate.toISOString() ?? '';
      const when = `${stamp.slice(0, 10).replaceAll('-', '')}-${stamp.slice(11, 19).replaceAll(':', '')}`;
      for (const row of rows.filter((r) => r.recordingfile !== '')) {
        expect(row.recordingfile).toMatch(new RegExp(`^(in|out|exten|q)-[0-9]+-[0-9]+-${when}-${row.linkedid.replace('.', '\\.')}\\.(wav|WAV)$`));
      }
    }
    const recorded = recordedCalls.flatMap((c) => c.rows);
    expect(recorded.some((r) => r.recordingfile.endsWith('.WAV'))).toBe(true);
    const calls = groupCalls(recorded, RULES);
    expect(calls.every((c) => c.outcome === 'answered')).toBe(true);
  });
});
