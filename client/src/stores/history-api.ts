import type { CallLogFilter, CallLogQuery, ReportName, ReportQuery } from '@ondeck/shared';
import { callApi, downloadApi, streamApi } from '../api/contract';

/** The call log endpoints (history domain), scoped by the server to what the reader may see. */
export const historyApi = {
  calls: (query: CallLogQuery, signal?: AbortSignal) => callApi('history.calls', { query, ...(signal ? { signal } : {}) }),
  call: (linkedid: string) => callApi('history.call', { params: { linkedid } }),
  quality: (linkedid: string) => callApi('history.quality', { params: { linkedid } }),
  /** A fresh short-lived signed link: asked for at each play or download, never kept for later. */
  recordingLink: (linkedid: string, index: number) => callApi('history.recordingLink', { params: { linkedid, index } }),
  /** The filtered log as CSV with its body unread, so the page can show the rows as they arrive. */
  callsCsv: (filter: CallLogFilter, signal: AbortSignal) => streamApi('history.callsCsv', { query: filter, signal }),
};

/** The reports (supervisor and admin; the server refuses agents). */
export const reportsApi = {
  get: (report: ReportName, query: ReportQuery, signal?: AbortSignal) =>
    callApi('reports.get', { params: { report }, query, ...(signal ? { signal } : {}) }),
  csv: (report: ReportName, query: ReportQuery) => downloadApi('reports.csv', { params: { report }, query }),
};
