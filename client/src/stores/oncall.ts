import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { apiRequest } from '../api/http';

export interface OnCallBoardEntry {
  divisionId: number;
  divisionName: string;
  member: { id: number; name: string } | null;
  phone: string | null;
  since: string | null;
  source: string | null;
  fallbackNumber: string | null;
}

export interface OnCallPeriodRow {
  id: number;
  divisionId: number;
  memberId: number | null;
  memberName: string | null;
  phone: string;
  startedAt: string;
  endedAt: string | null;
  source: string;
}

export interface OnCallCalendarEntry {
  memberId: number;
  memberName: string | null;
  start: string;
  end: string;
}

export interface OnCallCalendar {
  timeZone: string | null;
  shifts: OnCallCalendarEntry[];
  overrides: OnCallCalendarEntry[];
}

/** How a panel takeover is re-confirmed. */
export type TakeoverConfirmation = { pin: string } | { password: string };

/** The on-call REST endpoints (owned by the on-call domain). */
export const onCallApi = {
  board: () => apiRequest<OnCallBoardEntry[]>('GET', '/api/oncall'),
  history: (limit: number) => apiRequest<{ total: number; items: OnCallPeriodRow[] }>('GET', `/api/oncall/history?limit=${limit}`),
  takeover: (divisionId: number, body: TakeoverConfirmation) => apiRequest<OnCallBoardEntry>('POST', `/api/oncall/${divisionId}/takeover`, { body }),
  release: (divisionId: number) => apiRequest<unknown>('POST', `/api/oncall/${divisionId}/release`),
  calendar: (divisionId: number, days: number) => apiRequest<OnCallCalendar>('GET', `/api/oncall/${divisionId}/calendar?days=${days}`),
};

/** Who is on call per division, recent changes and the coming weeks. */
export const useOnCallStore = defineStore('oncall', () => {
  const board = shallowRef<OnCallBoardEntry[]>([]);
  const recent = shallowRef<OnCallPeriodRow[]>([]);
  const calendars = shallowRef<Record<number, OnCallCalendar>>({});
  const loading = shallowRef(false);
  const loaded = shallowRef(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const [entries, history] = await Promise.all([onCallApi.board(), onCallApi.history(20)]);
      board.value = entries;
      recent.value = history.items;
      const pairs = await Promise.all(entries.map(async (entry) => [entry.divisionId, await onCallApi.calendar(entry.divisionId, 21)] as const));
      calendars.value = Object.fromEntries(pairs);
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  async function takeOver(divisionId: number, confirmation: TakeoverConfirmation): Promise<void> {
    await onCallApi.takeover(divisionId, confirmation);
    await load();
  }

  async function release(divisionId: number): Promise<void> {
    await onCallApi.release(divisionId);
    await load();
  }

  return { board, recent, calendars, loading, loaded, load, takeOver, release };
});
