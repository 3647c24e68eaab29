import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { CallLogEntry, CallLogPage, CallLogQuery } from '@ondeck/shared';
import { ApiRequestError } from '../api/http';
import { CALL_LOG_PAGE_SIZE, useHistoryStore } from './history';
import { historyApi } from './history-api';

vi.mock('./history-api', () => ({
  historyApi: { calls: vi.fn(), call: vi.fn(), quality: vi.fn(), recordingLink: vi.fn(), callsCsv: vi.fn() },
}));

const calls = vi.mocked(historyApi.calls);

function entry(linkedid: string): CallLogEntry {
  return {
    linkedid,
    start: '2026-12-07T10:00:00Z',
    end: '2026-12-07T10:01:00Z',
    direction: 'internal',
    from: { number: '1001', name: 'Ann' },
    to: '1002',
    did: '',
    answeredBy: '1002',
    queue: null,
    outcome: 'answered',
    waitSeconds: 3,
    talkSeconds: 57,
    totalSeconds: 60,
    recordings: [],
    quality: null,
    legs: [],
  };
}

const page = (ids: string[], nextCursor: string | null): CallLogPage => ({ entries: ids.map(entry), nextCursor });

/** A request the test answers when it wants, and that rejects like fetch when aborted. */
function deferred(): { promise: Promise<CallLogPage>; resolve: (page: CallLogPage) => void; signal: () => AbortSignal | undefined } {
  let resolve!: (page: CallLogPage) => void;
  let signal: AbortSignal | undefined;
  const promise = new Promise<CallLogPage>((done, fail) => {
    resolve = done;
    calls.mockImplementationOnce((_query: CallLogQuery, given?: AbortSignal) => {
      signal = given;
      given?.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError')));
      return promise;
    });
  });
  return { promise, resolve, signal: () => signal };
}

describe('call log store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    calls.mockReset();
  });

  it('pages with the cursor of the previous page, keeping the filter', async () => {
    const store = useHistoryStore();
    calls.mockResolvedValueOnce(page(['a', 'b'], 'cursor-1')).mockResolvedValueOnce(page(['c'], null));
    await store.search({ range: 'today', outcome: 'busy' });
    expect(calls).toHaveBeenLastCalledWith({ range: 'today', outcome: 'busy', limit: CALL_LOG_PAGE_SIZE }, expect.any(AbortSignal));
    expect(store.nextCursor).toBe('cursor-1');
    await store.loadMore();
    expect(calls).toHaveBeenLastCalledWith({ range: 'today', outcome: 'busy', cursor: 'cursor-1', limit: CALL_LOG_PAGE_SIZE }, expect.any(AbortSignal));
    expect(store.entries.map((e) => e.linkedid)).toEqual(['a', 'b', 'c']);
    expect(store.nextCursor).toBeNull();
    await store.loadMore();
    expect(calls).toHaveBeenCalledTimes(2);
  });

  it('does not repeat a call that comes again on the next page', async () => {
    const store = useHistoryStore();
    calls.mockResolvedValueOnce(page(['a', 'b'], 'c1')).mockResolvedValueOnce(page(['b', 'c'], null));
    await store.search({ range: 'today' });
    await store.loadMore();
    expect(store.entries.map((e) => e.linkedid)).toEqual(['a', 'b', 'c']);
  });

  it('starts over with a new filter and drops the answer of the one it replaced', async () => {
    const store = useHistoryStore();
    const slow = deferred();
    const first = store.search({ range: 'today' });
    calls.mockResolvedValueOnce(page(['new'], null));
    await store.search({ range: 'yesterday' });
    expect(slow.signal()?.aborted).toBe(true);
    await first;
    expect(store.entries.map((e) => e.linkedid)).toEqual(['new']);
    expect(store.filter).toEqual({ range: 'yesterday' });
    expect(store.loading).toBe(false);
  });

  it('keeps the server’s field messages of a refused filter', async () => {
    const store = useHistoryStore();
    calls.mockRejectedValueOnce(
      new ApiRequestError(400, { code: 'validation_failed', message: 'The to date must be after the from date.', fields: { to: 'The to date must be after the from date.' } }),
    );
    await store.search({ range: 'custom', from: '2026-12-07', to: '2026-12-01' });
    expect(store.problem).toEqual({ message: 'The to date must be after the from date.', fields: { to: 'The to date must be after the from date.' } });
    expect(store.entries).toEqual([]);
  });

  it('keeps the rows loaded so far when a next page fails', async () => {
    const store = useHistoryStore();
    calls.mockResolvedValueOnce(page(['a'], 'c1')).mockRejectedValueOnce(new ApiRequestError(0, { code: 'internal', message: 'Cannot reach the OnDeck server.' }));
    await store.search({ range: 'today' });
    await store.loadMore();
    expect(store.entries.map((e) => e.linkedid)).toEqual(['a']);
    expect(store.nextCursor).toBe('c1');
    expect(store.problem?.message).toBe('Cannot reach the OnDeck server.');
  });

  it('asks for a call’s quality once', async () => {
    const store = useHistoryStore();
    vi.mocked(historyApi.quality).mockResolvedValue({ linkedid: 'a', summary: null, legs: [] });
    await store.quality('a');
    await store.quality('a');
    expect(historyApi.quality).toHaveBeenCalledTimes(1);
  });
});
