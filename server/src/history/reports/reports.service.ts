import type { ReportData } from '@ondeck/shared';
import { scopeIncludesExtension, type EffectiveScope } from '../../lib/scope';
import { groupCalls } from '../call-grouping';
import type { CdrRow } from '../cdr-row';
import type { DirectionRules } from '../direction';
import { agentReport, DEFAULT_SERVICE_LEVEL_SECONDS, heatmapReport, queueReport, volumeReport } from './aggregate';
import type { ParsedReportQuery } from './report-query';

/**
 * The CDR legs of every call that started in [from, to) and that the scope may see, whole calls
 * (all their legs). Implemented by the call log's CDR repository with its one scope-SQL fragment,
 * so reports and the log can never disagree on who sees what.
 */
export interface CdrRangeSource {
  legsOfCallsBetween(from: Date, to: Date, scope: EffectiveScope): Promise<CdrRow[]>;
}

export interface ReportsServiceOptions {
  rules: DirectionRules;
  timeZone: string;
  /** Per-queue service-level threshold in seconds; queues without one use 20 s. */
  serviceLevelSeconds?: (queue: string) => number | undefined;
  nameOf?: (extension: string) => string;
}

export class ReportsService {
  constructor(
    private readonly source: CdrRangeSource,
    private readonly options: ReportsServiceOptions,
  ) {}

  async report(query: ParsedReportQuery, scope: EffectiveScope): Promise<ReportData> {
    const rows = await this.source.legsOfCallsBetween(query.from, query.to, scope);
    // Grouping is the call log's, so an "abandoned" here is an "abandoned" there.
    const calls = groupCalls(rows, this.options.rules).filter((call) => call.start >= query.from && call.start < query.to);
    const range = { from: query.from.toISOString(), to: query.to.toISOString(), timeZone: this.options.timeZone };
    switch (query.report) {
      case 'volume':
        return { report: 'volume', range, bucket: query.bucket, rows: volumeReport(calls, query.bucket, this.options.timeZone) };
      case 'queues': {
        const threshold = this.options.serviceLevelSeconds;
        return { report: 'queues', range, rows: queueReport(calls, (queue) => threshold?.(queue) ?? DEFAULT_SERVICE_LEVEL_SECONDS) };
      }
      case 'agents': {
        const rows = agentReport(calls, this.options.nameOf);
        // An agent's report lists only extensions in scope: a transfer to someone outside must not show them.
        return { report: 'agents', range, rows: rows.filter((row) => scopeIncludesExtension(scope, row.extension)) };
      }
      case 'heatmap':
        return { report: 'heatmap', range, rows: heatmapReport(calls, this.options.timeZone) };
    }
  }
}

