export { ReportsService, type CdrRangeSource, type ReportsServiceOptions } from './reports.service';
export { parseReportQuery, type ParsedReportQuery } from './report-query';
