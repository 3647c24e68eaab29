export { ReportsService, type CdrRangeSource, type ReportsServiceOptions } from './reports.service';
export { reportsRoutes, type ReportsRoutesOptions } from './reports.routes';
export { parseReportQuery, type ParsedReportQuery } from './report-query';
