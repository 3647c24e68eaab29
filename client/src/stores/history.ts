import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { CallLogEntry, CallLogFilter, CallQualityDetail } from '@ondeck/shared';
import { ApiRequestError } from '../api/http';
import { describeError } from '../lib/errors';
import { historyApi } from './history-api';

/** Rows per page: enough to fill a tall screen, small enough to answer fast. */
export const CALL_LOG_PAGE_SIZE = 50;

export interface CallLogProblem {
  message: string;
  /** The server's per-field messages of a 400, keyed by query parameter. */
  fields: Record<string, string>;
}

function problemOf(cause: unknown): CallLogProblem {
  return { message: describeError(cause), fields: cause instanceof ApiRequestError ? { ...(cause.error.fields ?? {}) } : {} };
}

const isAbort = (cause: unknown): boolean => cause instanceof DOMException && cause.name === 'AbortError';

/**
 * The call log as the reader pages through it: one filter, its pages so far (keyset: each page
 * brings the cursor of the next), and the quality details of the calls opened. A new filter
 * cancels the request still running for the old one, so a late answer never shows under the
 * wrong filter (back/forward in quick succession).
 */
export const useHistoryStore = defineStore('history', () => {
  const filter = shallowRef<CallLogFilter | null>(null);
  const entries = shallowRef<CallLogEntry[]>([]);
  const nextCursor = shallowRef<string | null>(null);
  const loading = shallowRef(false);
  const loadingMore = shallowRef(false);
  const loaded = shallowRef(false);
  const problem = shallowRef<CallLogProblem | null>(null);
  const qualities = shallowRef(new Map<string, CallQualityDetail>());
  let running: AbortController | null = null;

  function cancelRunning(): AbortController {
    running?.abort();
    running = new AbortController();
    return running;
  }

  async function search(next: CallLogFilter): Promise<void> {
    const request = cancelRunning();
    filter.value = next;
    loading.value = true;
    loadingMore.value = false;
    problem.value = null;
    try {
      const page = await historyApi.calls({ ...next, limit: CALL_LOG_PAGE_SIZE }, request.signal);
      entries.value = page.entries;
      nextCursor.value = page.nextCursor;
      loaded.value = true;
    } catch (cause) {
      if (isAbort(cause)) return;
      entries.value = [];
      nextCursor.value = null;
      problem.value = problemOf(cause);
    } finally {
      if (running === request) loading.value = false;
    }
  }

  /** The next page of the same filter, appended; nothing when there is none or one is loading. */
  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value;
    const current = filter.value;
    if (cursor === null || current === null || loading.value || loadingMore.value) return;
    const request = cancelRunning();
    loadingMore.value = true;
    problem.value = null;
    try {
      const page = await historyApi.calls({ ...current, cursor, limit: CALL_LOG_PAGE_SIZE }, request.signal);
      // A call that ended on the boundary can come twice across pages; keep its first row.
      const known = new Set(entries.value.map((entry) => entry.linkedid));
      entries.value = [...entries.value, ...page.entries.filter((entry) => !known.has(entry.linkedid))];
      nextCursor.value = page.nextCursor;
    } catch (cause) {
      if (isAbort(cause)) return;
      problem.value = problemOf(cause);
    } finally {
      if (running === request) loadingMore.value = false;
    }
  }

  /** Per-leg quality of one call, asked for once per call. */
  async function quality(linkedid: string): Promise<CallQualityDetail> {
    const known = qualities.value.get(linkedid);
    if (known) return known;
    const detail = await historyApi.quality(linkedid);
    qualities.value = new Map(qualities.value).set(linkedid, detail);
    return detail;
  }

  /** One call by its id, e.g. opened from the live view (it may be outside the current filter). */
  function fetchCall(linkedid: string): Promise<CallLogEntry> {
    const listed = entries.value.find((entry) => entry.linkedid === linkedid);
    return listed ? Promise.resolve(listed) : historyApi.call(linkedid);
  }

  return { filter, entries, nextCursor, loading, loadingMore, loaded, problem, search, loadMore, quality, fetchCall };
});
