import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { REPORT_NAMES, type ReportData, type ReportName, type ReportQuery } from '@ondeck/shared';
import { ApiRequestError } from '../../api/http';
import { describeError } from '../../lib/errors';
import { reportsApi } from '../../stores/history-api';

type DataOf<N extends ReportName> = Extract<ReportData, { report: N }>;

export type ReportState<N extends ReportName> =
  | { status: 'loading' }
  | { status: 'ready'; data: DataOf<N> }
  | { status: 'failed'; message: string; fields: Record<string, string> };

export type ReportStates = { [N in ReportName]: ReportState<N> };

export interface UseReportsReturn {
  states: ShallowRef<ReportStates>;
  load: (query: ReportQuery) => void;
}

const allLoading = (): ReportStates => ({ volume: { status: 'loading' }, queues: { status: 'loading' }, agents: { status: 'loading' }, heatmap: { status: 'loading' } });

/**
 * The four reports for one range, fetched side by side; each shows as soon as it arrives and
 * fails on its own. A new range cancels the requests of the old one.
 */
export function useReports(): UseReportsReturn {
  const states = shallowRef<ReportStates>(allLoading());
  let controller: AbortController | null = null;

  function set<N extends ReportName>(name: N, state: ReportState<N>): void {
    states.value = { ...states.value, [name]: state };
  }

  function load(query: ReportQuery): void {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    states.value = allLoading();
    for (const name of REPORT_NAMES) {
      reportsApi.get(name, query, current.signal).then(
        (data) => {
          if (!current.signal.aborted && data.report === name) set(name, { status: 'ready', data: data as DataOf<typeof name> });
        },
        (cause: unknown) => {
          if (current.signal.aborted) return;
          set(name, { status: 'failed', message: describeError(cause), fields: cause instanceof ApiRequestError ? { ...(cause.error.fields ?? {}) } : {} });
        },
      );
    }
  }

  if (getCurrentScope()) onScopeDispose(() => controller?.abort());
  return { states, load };
}
