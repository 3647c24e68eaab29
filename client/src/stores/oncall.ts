import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { onCallApi, type OnCallBoardEntry, type OnCallCalendar, type OnCallPeriodRow, type TakeoverConfirmation } from './oncall-api';
import type { OnDeckSocket, SocketBinding } from './socket';

/**
 * Who is on call per division, recent changes and the coming weeks. While a board is open
 * (`watch()`), the server's `oncall:changed` push reloads it at once: takeovers by phone,
 * schedule handovers and lockouts show up without polling.
 */
export const useOnCallStore = defineStore('oncall', () => {
  const board = shallowRef<OnCallBoardEntry[]>([]);
  const recent = shallowRef<OnCallPeriodRow[]>([]);
  const calendars = shallowRef<Record<number, OnCallCalendar>>({});
  const loading = shallowRef(false);
  const loaded = shallowRef(false);
  /** Open boards; pushes are ignored when nobody looks. */
  let watchers = 0;
  /** One reload at a time; a push during it asks for one more afterwards. */
  let reloading: Promise<void> | null = null;
  let reloadAgain = false;

  /** Who is on call, lockouts and recent changes. */
  async function refresh(): Promise<OnCallBoardEntry[]> {
    const [entries, history] = await Promise.all([onCallApi.board(), onCallApi.history(20)]);
    board.value = entries;
    recent.value = history.items;
    return entries;
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const entries = await refresh();
      const pairs = await Promise.all(entries.map(async (entry) => [entry.divisionId, await onCallApi.calendar(entry.divisionId, 21)] as const));
      calendars.value = Object.fromEntries(pairs);
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  /** Reloads after a push, coalescing a burst of pushes into at most one more reload. */
  function reloadSoon(): void {
    if (watchers === 0) return;
    if (reloading) {
      reloadAgain = true;
      return;
    }
    reloading = load()
      .catch(() => undefined)
      .finally(() => {
        reloading = null;
        if (reloadAgain) {
          reloadAgain = false;
          reloadSoon();
        }
      });
  }

  /** A board opened (returns the function that closes it). */
  function watch(): () => void {
    watchers += 1;
    return () => {
      watchers = Math.max(0, watchers - 1);
    };
  }

  /** Called by the socket store for every socket it opens. */
  function attach(target: OnDeckSocket): void {
    target.on('oncall:changed', reloadSoon);
    // Pushes missed while disconnected: reload once the socket is back.
    target.on('connect', reloadSoon);
  }

  function detach(): void {
    // The socket store drops the socket with its listeners.
  }

  async function takeOver(divisionId: number, confirmation: TakeoverConfirmation): Promise<void> {
    await onCallApi.takeover(divisionId, confirmation);
    await load();
  }

  async function release(divisionId: number): Promise<void> {
    await onCallApi.release(divisionId);
    await load();
  }

  /** The person on call (or an admin for them) hands the line back to the schedule, else to nobody. */
  async function goOffCall(divisionId: number): Promise<OnCallBoardEntry> {
    const entry = await onCallApi.offCall(divisionId);
    await load();
    return entry;
  }

  async function clearLockout(lockId: number): Promise<void> {
    await onCallApi.clearLockout(lockId);
    await refresh();
  }

  const binding: SocketBinding = { attach, detach };
  return { board, recent, calendars, loading, loaded, load, refresh, watch, binding, takeOver, release, goOffCall, clearLockout };
});
