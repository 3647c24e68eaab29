import type { ReportData } from '@ondeck/shared';
import { toCsv } from '../../lib/csv';

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The table behind each chart, as a spreadsheet opens it. */
export function reportCsv(data: ReportData): string {
  switch (data.report) {
    case 'volume':
      return toCsv(['start', 'answered', 'missed'], data.rows.map((row) => [row.start, row.answered, row.missed]));
    case 'queues':
      return toCsv(
        ['queue', 'offered', 'answered', 'abandoned', 'service_level_percent', 'service_level_seconds', 'average_wait_seconds', 'longest_wait_seconds', 'abandon_rate_percent'],
        data.rows.map((row) => [row.queue, row.offered, row.answered, row.abandoned, row.serviceLevelPercent, row.serviceLevelSeconds, row.averageWaitSeconds, row.longestWaitSeconds, row.abandonRatePercent]),
      );
    case 'agents':
      return toCsv(
        ['extension', 'name', 'handled', 'missed', 'talk_seconds', 'average_handle_seconds'],
        data.rows.map((row) => [row.extension, row.name, row.handled, row.missed, row.talkSeconds, row.averageHandleSeconds]),
      );
    case 'heatmap':
      return toCsv(['weekday', 'hour', 'calls'], data.rows.map((row) => [WEEKDAY_NAMES[row.weekday], row.hour, row.calls]));
  }
}
