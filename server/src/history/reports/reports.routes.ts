import { effectiveScope } from '../../lib/scope';
import { contractRoute, currentUser, type ApiContext, type RouteDefinition } from '../../http';
import { reportCsv } from './report-csv';
import { parseReportQuery } from './report-query';
import type { ReportsService } from './reports.service';

export interface ReportsRoutesOptions {
  timeZone: string;
  now?: () => Date;
}

/**
 * Supervisors and admins read reports; agents too, since their scope (their own extension and
 * queues) already limits the numbers to their own work.
 */
export function reportsRoutes(service: ReportsService, options: ReportsRoutesOptions): RouteDefinition[] {
  const now = options.now ?? ((): Date => new Date());
  const load = async (ctx: ApiContext) => {
    const query = parseReportQuery(String(ctx.params.report ?? ''), ctx.query, now(), options.timeZone);
    return service.report(query, effectiveScope(currentUser(ctx).user));
  };
  return [
    contractRoute('reports.get', 'authenticated', load),
    contractRoute('reports.csv', 'authenticated', async (ctx) => {
      const data = await load(ctx);
      return { filename: `report-${data.report}-${data.range.from.slice(0, 10)}.csv`, contentType: 'text/csv; charset=utf-8', body: reportCsv(data) };
    }),
  ];
}

