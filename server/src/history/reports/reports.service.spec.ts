import { describe, expect, it } from 'vitest';
import { loadMessages } from '../../pbx/ami/testing/captures';
import type { EffectiveScope } from '../../lib/scope';
import { cdrRowFromEvent, DEFAULT_RULES, linkedIdsFromEvents, type CdrRow } from '../index';
import { parseReportQuery } from './report-query';
import { ReportsService, type CdrRangeSource } from './reports.service';

const rows: CdrRow[] = ['queue-answered', 'blind-transfer'].flatMap((name) => {
  const messages = loadMessages(name);
  const linkedIds = linkedIdsFromEvents(messages);
  return messages.filter((m) => m.get('Event') === 'Cdr').map((m) => cdrRowFromEvent(m, linkedIds));
});
const first = Math.min(...rows.map((row) => row.calldate.getTime()));
const seen: { scope?: EffectiveScope } = {};
const source: CdrRangeSource = {
  legsOfCallsBetween: async (_from, _to, scope) => {
    seen.scope = scope;
    return rows;
  },
};
const service = new ReportsService(source, { rules: DEFAULT_RULES, timeZone: 'UTC', serviceLevelSeconds: (q) => (q === 'support' ? 1 : undefined) });
const query = (report: string, from = new Date(first - 3_600_000)) =>
  parseReportQuery(report, { from: from.toISOString(), to: new Date(first + 3_600_000).toISOString() }, new Date(), 'UTC');

describe('ReportsService', () => {
  it('hands the scope to the source and lists only in-scope agents', async () => {
    const scope: EffectiveScope = { all: false, extensions: new Set(['1003']), queues: new Set() };
    const data = await service.report(query('agents'), scope);
    expect(seen.scope).toBe(scope);
    expect(data.report === 'agents' && data.rows.map((row) => row.extension)).toEqual(['1003']);
    const all = await service.report(query('agents'), { all: true });
    expect(all.report === 'agents' && all.rows.map((row) => row.extension).sort()).toEqual(['1001', '1002', '1003']);
  });
  it('uses a queue\'s own service-level threshold when it has one', async () => {
    const data = await service.report(query('queues'), { all: true });
    expect(data).toMatchObject({ report: 'queues', rows: [{ queue: 'support', serviceLevelSeconds: 1 }] });
  });
  it('leaves out calls that started before the range even if the source returns them', async () => {
    const data = await service.report(query('volume', new Date(first + 1000)), { all: true });
    expect(data.report === 'volume' && data.rows.reduce((sum, row) => sum + row.answered + row.missed, 0)).toBeLessThan(2);
  });
});
