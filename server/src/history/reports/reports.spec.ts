import { describe, expect, it } from 'vitest';
import { loadMessages } from '../../pbx/ami/testing/captures';
import { cdrRowFromEvent, DEFAULT_RULES, groupCalls, linkedIdsFromEvents, type CallSummary, type CdrRow } from '../index';
import { agentReport, heatmapReport, queueReport, volumeReport } from './aggregate';
import { reportCsv } from './report-csv';
import { parseReportQuery } from './report-query';

function callsOf(...names: string[]): CallSummary[] {
  const rows: CdrRow[] = names.flatMap((name) => {
    const messages = loadMessages(name);
    const linkedIds = linkedIdsFromEvents(messages);
    return messages.filter((m) => m.get('Event') === 'Cdr').map((m) => cdrRowFromEvent(m, linkedIds));
  });
  return groupCalls(rows, DEFAULT_RULES);
}

/** A call made by hand, for exact numbers at known instants. */
function call(start: string, outcome: CallSummary['outcome'], extra: Partial<CallSummary> = {}): CallSummary {
  return {
    linkedid: start, start: new Date(start), end: new Date(start), direction: 'inbound', from: { number: '555', name: '' },
    to: '100', answeredBy: undefined, queue: undefined, outcome, waitSeconds: 0, talkSeconds: 0, totalSeconds: 0,
    recordingfiles: [], legs: [], ...extra,
  };
}

describe('reports on the captures', () => {
  const calls = callsOf('queue-answered', 'queue-abandon', 'busy', 'basic-answer-callee-hangup');

  it('queues: one answered and one abandoned support call', () => {
    const [support] = queueReport(calls);
    expect(support).toMatchObject({ queue: 'support', offered: 2, answered: 1, abandoned: 1, abandonRatePercent: 50, serviceLevelSeconds: 20 });
    expect(support?.serviceLevelPercent).toBe(50);
  });
  it('agents: 1002 handled the basic call and the queue call', () => {
    const agent = agentReport(calls).find((row) => row.extension === '1002');
    expect(agent).toMatchObject({ handled: 2 });
    expect(agent?.missed).toBeGreaterThanOrEqual(1); // the busy call rang 1002 and it did not answer
  });
  it('volume counts every call once, answered or missed, like the call log outcome', () => {
    const rows = volumeReport(calls, 'day', 'UTC');
    const total = rows.reduce((sum, row) => sum + row.answered + row.missed, 0);
    expect(total).toBe(calls.length);
    expect(rows.reduce((sum, row) => sum + row.answered, 0)).toBe(calls.filter((c) => c.outcome === 'answered').length);
  });
});

describe('reports on known calls', () => {
  const calls = [
    call('2026-12-07T07:10:00Z', 'answered', { queue: 'sales', waitSeconds: 10, legs: [{ party: '1001', start: new Date(0), happened: 'answered', ringSeconds: 10, talkSeconds: 60 }] }),
    call('2026-12-07T07:50:00Z', 'answered', { queue: 'sales', waitSeconds: 30, legs: [
      { party: '1001', start: new Date(0), happened: 'no_answer', ringSeconds: 15, talkSeconds: 0 },
      { party: '1002', start: new Date(0), happened: 'answered', ringSeconds: 15, talkSeconds: 120 },
    ] }),
    call('2026-12-07T08:05:00Z', 'abandoned', { queue: 'sales', waitSeconds: 45, legs: [{ party: '1002', start: new Date(0), happened: 'no_answer', ringSeconds: 45, talkSeconds: 0 }] }),
    call('2026-12-07T23:30:00Z', 'no_answer'),
  ];

  it('queue numbers are exact', () => {
    expect(queueReport(calls)).toEqual([{
      queue: 'sales', offered: 3, answered: 2, abandoned: 1, serviceLevelPercent: 33.3, serviceLevelSeconds: 20,
      averageWaitSeconds: 20, longestWaitSeconds: 45, abandonRatePercent: 33.3,
    }]);
    expect(queueReport(calls, () => 30)[0]?.serviceLevelPercent).toBe(66.7);
  });
  it('agent numbers are exact', () => {
    expect(agentReport(calls, (ext) => `Agent ${ext}`)).toEqual([
      { extension: '1001', name: 'Agent 1001', handled: 1, missed: 1, talkSeconds: 60, averageHandleSeconds: 60 },
      { extension: '1002', name: 'Agent 1002', handled: 1, missed: 1, talkSeconds: 120, averageHandleSeconds: 120 },
    ]);
  });
  it('volume buckets follow the configured zone', () => {
    expect(volumeReport(calls, 'hour', 'UTC')).toEqual([
      { start: '2026-12-07T07:00:00.000Z', answered: 2, missed: 0 },
      { start: '2026-12-07T08:00:00.000Z', answered: 0, missed: 1 },
      { start: '2026-12-07T23:00:00.000Z', answered: 0, missed: 1 },
    ]);
    // In Berlin (UTC+1) the 23:30 UTC call falls on the next local day.
    expect(volumeReport(calls, 'day', 'Europe/Berlin')).toEqual([
      { start: '2026-12-06T23:00:00.000Z', answered: 2, missed: 1 },
      { start: '2026-12-07T23:00:00.000Z', answered: 0, missed: 1 },
    ]);
  });
  it('heatmap is a full 7×24 grid, Monday first, in local time', () => {
    const cells = heatmapReport(calls, 'Europe/Berlin');
    expect(cells).toHaveLength(168);
    // 2026-12-07 is a Monday: 08:10 and 08:50 Berlin, 09:05, then Tuesday 00:30.
    expect(cells.filter((c) => c.calls > 0)).toEqual([
      { weekday: 0, hour: 8, calls: 2 }, { weekday: 0, hour: 9, calls: 1 }, { weekday: 1, hour: 0, calls: 1 },
    ]);
  });
  it('csv of each table, formulas made inert', () => {
    const range = { from: 'a', to: 'b', timeZone: 'UTC' };
    expect(reportCsv({ report: 'agents', range, rows: [{ extension: '1001', name: '=cmd', handled: 1, missed: 0, talkSeconds: 5, averageHandleSeconds: 5 }] }))
      .toBe("extension,name,handled,missed,talk_seconds,average_handle_seconds\r\n1001,'=cmd,1,0,5,5\r\n");
    expect(reportCsv({ report: 'heatmap', range, rows: [{ weekday: 6, hour: 23, calls: 4 }] })).toBe('weekday,hour,calls\r\nSun,23,4\r\n');
  });
});

describe('parseReportQuery', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  it('presets are local days', () => {
    expect(parseReportQuery('volume', { range: 'today' }, now, 'Europe/Berlin')).toMatchObject({
      from: new Date('2026-12-06T23:00:00Z'), to: new Date('2026-12-07T23:00:00Z'), bucket: 'hour',
    });
    expect(parseReportQuery('queues', {}, now, 'UTC')).toMatchObject({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-08T00:00:00Z'), bucket: 'day' });
    // A half-hour offset: midnight in Kolkata (UTC+5:30) is 18:30 UTC the day before.
    expect(parseReportQuery('volume', { range: 'today' }, now, 'Asia/Kolkata')).toMatchObject({
      from: new Date('2026-12-06T18:30:00Z'), to: new Date('2026-12-07T18:30:00Z'),
    });
  });
  it('custom date-only to is inclusive', () => {
    expect(parseReportQuery('agents', { from: '2026-11-01', to: '2026-11-30' }, now, 'UTC')).toMatchObject({
      from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'),
    });
  });
  it.each([
    ['nope', {}, 'There is no report called "nope"'],
    ['volume', { range: 'forever' }, 'The range must be one of'],
    ['volume', { range: 'custom', to: '2026-12-01' }, 'needs a from date'],
    ['volume', { from: '2026-02-30', to: '2026-03-01' }, 'not a real date'],
    ['volume', { from: "1' OR '1'='1", to: '2026-03-01' }, 'must look like'],
    ['volume', { from: '2026-12-05', to: '2026-12-01' }, 'must be after'],
    ['volume', { from: '2000-01-01', to: '2026-12-01' }, 'at most 366 days'],
    ['volume', { bucket: 'minute' }, 'hour or day'],
    ['volume', { range: ['today', 'last7'] }, 'The range must be one of'],
  ])('%s %j is refused in words', (report, query, message) => {
    expect(() => parseReportQuery(report, query, now, 'UTC')).toThrow(message);
  });
});
