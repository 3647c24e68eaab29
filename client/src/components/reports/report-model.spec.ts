import { describe, expect, it } from 'vitest';
import type { AgentReportRow, QueueReportRow } from '@ondeck/shared';
import { agentRows, fillVolumeBuckets, heatmapView, queueRows, queueSeries, volumeSeries } from './report-model';

const queue = (name: string, offered: number, extra: Partial<QueueReportRow> = {}): QueueReportRow => ({
  queue: name,
  offered,
  answered: offered,
  abandoned: 0,
  serviceLevelPercent: 100,
  serviceLevelSeconds: 20,
  averageWaitSeconds: 8,
  longestWaitSeconds: 75,
  abandonRatePercent: 0,
  ...extra,
});

describe('report view-model', () => {
  it('labels volume buckets in the report’s zone and sums them', () => {
    const rows = [
      { start: '2026-12-07T08:00:00Z', answered: 3, missed: 1 },
      { start: '2026-12-07T09:00:00Z', answered: 5, missed: 0 },
    ];
    const series = volumeSeries(rows, 'hour', 'Europe/Berlin');
    expect(series.answered).toEqual([3, 5]);
    expect(series.missed).toEqual([1, 0]);
    expect(series.totalAnswered).toBe(8);
    expect(series.totalMissed).toBe(1);
    // 08:00Z is 09:00 in Berlin in December.
    expect(series.labels[0]).toMatch(/09[:.]00/);
    expect(series.labels[0]).not.toMatch(/Mon|Sun/);
  });

  it('names the weekday when hour buckets span days, and days by date', () => {
    const rows = [
      { start: '2026-12-06T22:00:00Z', answered: 1, missed: 0 },
      { start: '2026-12-07T23:00:00Z', answered: 1, missed: 0 },
    ];
    expect(volumeSeries(rows, 'hour', 'UTC').labels[0]).toMatch(/Sun/);
    expect(volumeSeries(rows, 'day', 'UTC').labels[1]).toMatch(/Mon.*7|7.*Mon/);
  });

  it('fills the quiet buckets of the range with zeros', () => {
    const hours = fillVolumeBuckets([{ start: '2026-12-07T09:00:00.000Z', answered: 2, missed: 1 }], 'hour', {
      from: '2026-12-07T00:00:00.000Z',
      to: '2026-12-08T00:00:00.000Z',
      timeZone: 'UTC',
    });
    expect(hours).toHaveLength(24);
    expect(hours[9]).toEqual({ start: '2026-12-07T09:00:00.000Z', answered: 2, missed: 1 });
    expect(hours[10]).toEqual({ start: '2026-12-07T10:00:00.000Z', answered: 0, missed: 0 });
  });

  it('fills days by local date, across a 23-hour DST day', () => {
    // Berlin: 2026-03-29 has 23 hours; the server's day buckets start at local midnight.
    const days = fillVolumeBuckets([{ start: '2026-03-29T22:00:00.000Z', answered: 4, missed: 0 }], 'day', {
      from: '2026-03-27T23:00:00.000Z',
      to: '2026-03-31T22:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
    expect(days).toHaveLength(4);
    expect(days.map((d) => d.answered)).toEqual([0, 0, 4, 0]);
  });

  it('orders queues busiest first and says rates in words, marking a high abandon rate', () => {
    const rows = queueRows([queue('sales', 4), queue('support', 20, { abandoned: 5, abandonRatePercent: 25, serviceLevelPercent: 71.6 }), queue('empty', 0)]);
    expect(rows.map((r) => r.queue)).toEqual(['support', 'sales', 'empty']);
    expect(rows[0]).toMatchObject({ serviceLevel: '72 % in 20 s', abandonRate: '25 %', abandonHigh: true, averageWait: '8 s', longestWait: '1 min 15 s' });
    expect(rows[2]).toMatchObject({ serviceLevel: '—', abandonRate: '—', abandonHigh: false });
    expect(queueSeries([queue('a', 1), queue('b', 2, { serviceLevelPercent: 50 })])).toEqual({ labels: ['b', 'a'], serviceLevel: [50, 100], abandonRate: [0, 0] });
  });

  it('orders agents by calls handled and keeps a name', () => {
    const agent = (extension: string, handled: number, name = ''): AgentReportRow => ({ extension, name, handled, missed: 1, talkSeconds: handled * 60, averageHandleSeconds: 60 });
    const rows = agentRows([agent('1002', 1, 'Bob'), agent('1001', 5), agent('1003', 0)]);
    expect(rows.map((r) => r.extension)).toEqual(['1001', '1002', '1003']);
    expect(rows[0]).toMatchObject({ name: '1001', talk: '5 min 00 s', averageHandle: '1 min 00 s' });
    expect(rows[2]?.averageHandle).toBe('—');
  });

  it('fills the 7 × 24 heatmap and scales levels to the busiest hour', () => {
    const view = heatmapView([
      { weekday: 0, hour: 9, calls: 8 },
      { weekday: 0, hour: 10, calls: 1 },
      { weekday: 4, hour: 16, calls: 4 },
      { weekday: 9, hour: 3, calls: 50 },
    ]);
    expect(view.rows).toHaveLength(7);
    expect(view.rows.every((row) => row.cells.length === 24)).toBe(true);
    expect(view.max).toBe(8);
    expect(view.total).toBe(13);
    expect(view.rows[0]?.cells[9]).toMatchObject({ level: 4, label: 'Mon 09:00–10:00: 8 calls' });
    expect(view.rows[0]?.cells[10]?.level).toBe(1);
    expect(view.rows[4]?.cells[16]?.level).toBe(2);
    expect(view.rows[6]?.cells[0]).toMatchObject({ calls: 0, level: 0 });
  });
});
