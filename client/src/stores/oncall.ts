import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type {
  OnCallAuditRowView,
  OnCallBoardEntry,
  OnCallDivisionView,
  OnCallLockoutView,
  OnCallMemberView,
  OnCallPeriodView,
  OnCallScheduleInput,
  OnCallScheduleView,
  WebhookAuthKind,
} from '@ondeck/shared';
import { apiRequest } from '../api/http';
import type { OnDeckSocket, SocketBinding } from './socket';

/** Board, lockout and schedule shapes come from the shared protocol. */
export type { OnCallBoardEntry, OnCallHandover, OnCallScheduleInput, OnCallScheduleView } from '@ondeck/shared';
export type OnCallLockout = OnCallLockoutView;

/** History rows come from the shared protocol (dates are ISO strings on the wire). */
export type OnCallPeriodRow = OnCallPeriodView;

export interface OnCallCalendarEntry {
  memberId: number;
  memberName: string | null;
  start: string;
  end: string;
}

export interface OnCallCalendarOverride extends OnCallCalendarEntry {
  id: number;
  /** manual, phone_pin or panel. */
  source: string;
}

export interface OnCallCalendar {
  timeZone: string | null;
  shifts: OnCallCalendarEntry[];
  overrides: OnCallCalendarOverride[];
}

/** How a panel takeover is re-confirmed; admins acting for a member confirm with their own password. */
export type TakeoverConfirmation = { pin: string } | { password: string } | { password: string; memberId: number };


/** The on-call REST endpoints (owned by the on-call domain). */
export const onCallApi = {
  board: () => apiRequest<OnCallBoardEntry[]>('GET', '/api/oncall'),
  history: (limit: number) => apiRequest<{ total: number; items: OnCallPeriodRow[] }>('GET', `/api/oncall/history?limit=${limit}`),
  takeover: (divisionId: number, body: TakeoverConfirmation) => apiRequest<OnCallBoardEntry>('POST', `/api/oncall/${divisionId}/takeover`, { body }),
  release: (divisionId: number) => apiRequest<unknown>('POST', `/api/oncall/${divisionId}/release`),
  offCall: (divisionId: number) => apiRequest<OnCallBoardEntry>('POST', `/api/oncall/${divisionId}/off-call`),
  calendar: (divisionId: number, days: number) => apiRequest<OnCallCalendar>('GET', `/api/oncall/${divisionId}/calendar?days=${days}`),
  clearLockout: (lockId: number) => apiRequest<unknown>('DELETE', `/api/oncall/lockouts/${lockId}`),
};

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

export type { WebhookAuthKind };
export type OnCallDivision = OnCallDivisionView;

/** Secrets are write-only: undefined keeps the stored one, null clears it. */
export interface OnCallDivisionInput extends Omit<OnCallDivisionView, 'id' | 'hasWebhookAuth' | 'hasWebhookSecret'> {
  webhookAuth?: string | null;
  webhookSecret?: string | null;
}

export type OnCallMember = OnCallMemberView;

export type OnCallMemberInput = Omit<OnCallMember, 'id' | 'createdAt' | 'lastLogin' | 'pinLength' | 'pinNeedsChange'>;

export type OnCallAuditRow = OnCallAuditRowView;

export interface OnCallAuditFilter {
  type?: string;
  division?: number;
  member?: number;
  from?: string;
  to?: string;
}

export interface OnCallNotification {
  id: number;
  divisionId: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Query string of the audit filters; empty values are left out so the server sees no filter. */
export function auditQuery(filter: OnCallAuditFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Admin-only on-call endpoints: divisions, members, schedules, overrides, audit, webhooks. */
export const onCallAdminApi = {
  divisions: () => apiRequest<OnCallDivision[]>('GET', '/api/oncall/divisions'),
  createDivision: (body: OnCallDivisionInput) => apiRequest<OnCallDivision>('POST', '/api/oncall/divisions', { body }),
  updateDivision: (id: number, body: OnCallDivisionInput) => apiRequest<OnCallDivision>('PUT', `/api/oncall/divisions/${id}`, { body }),
  deleteDivision: (id: number) => apiRequest<unknown>('DELETE', `/api/oncall/divisions/${id}`),
  schedule: (id: number) => apiRequest<OnCallScheduleView>('GET', `/api/oncall/divisions/${id}/schedule`),
  saveSchedule: (id: number, body: OnCallScheduleInput) => apiRequest<unknown>('PUT', `/api/oncall/divisions/${id}/schedule`, { body }),
  members: () => apiRequest<OnCallMember[]>('GET', '/api/oncall/members'),
  createMember: (body: OnCallMemberInput & { pin: string }) => apiRequest<OnCallMember>('POST', '/api/oncall/members', { body }),
  updateMember: (id: number, body: OnCallMemberInput) => apiRequest<OnCallMember>('PUT', `/api/oncall/members/${id}`, { body }),
  deleteMember: (id: number) => apiRequest<unknown>('DELETE', `/api/oncall/members/${id}`),
  setPin: (id: number, pin: string) => apiRequest<unknown>('PUT', `/api/oncall/members/${id}/pin`, { body: { pin } }),
  addOverride: (divisionId: number, memberId: number, end: string | undefined) =>
    apiRequest<unknown>('POST', `/api/oncall/${divisionId}/overrides`, { body: end ? { memberId, end } : { memberId } }),
  removeOverride: (divisionId: number, overrideId: number) => apiRequest<unknown>('DELETE', `/api/oncall/${divisionId}/overrides/${overrideId}`),
  audit: (filter: OnCallAuditFilter) => apiRequest<{ total: number; items: OnCallAuditRow[] }>('GET', `/api/oncall/audit${auditQuery(filter)}`),
  notifications: () => apiRequest<{ total: number; items: OnCallNotification[] }>('GET', '/api/oncall/notifications?limit=200'),
};

/** Divisions and members for the admin screens; every screen reads names from here. */
export const useOnCallAdminStore = defineStore('oncall-admin', () => {
  const divisions = shallowRef<OnCallDivision[]>([]);
  const members = shallowRef<OnCallMember[]>([]);
  const loaded = shallowRef(false);

  async function load(): Promise<void> {
    const [nextDivisions, nextMembers] = await Promise.all([onCallAdminApi.divisions(), onCallAdminApi.members()]);
    divisions.value = nextDivisions;
    members.value = nextMembers;
    loaded.value = true;
  }

  async function saveMember(id: number | null, body: OnCallMemberInput, pin: string): Promise<void> {
    if (id === null) await onCallAdminApi.createMember({ ...body, pin });
    else await onCallAdminApi.updateMember(id, body);
    members.value = await onCallAdminApi.members();
  }

  async function removeMember(id: number): Promise<void> {
    await onCallAdminApi.deleteMember(id);
    members.value = members.value.filter((member) => member.id !== id);
  }

  /**
   * An existing division saves its schedule first: the schedule is what the server checks most
   * (members, time zone, the .ics), so a refusal there leaves the division untouched too.
   */
  async function saveDivision(id: number | null, body: OnCallDivisionInput, schedule: OnCallScheduleInput | null): Promise<void> {
    if (id !== null) {
      if (schedule) await onCallAdminApi.saveSchedule(id, schedule);
      await onCallAdminApi.updateDivision(id, body);
    } else {
      const created = await onCallAdminApi.createDivision(body);
      if (schedule) await onCallAdminApi.saveSchedule(created.id, schedule);
    }
    divisions.value = await onCallAdminApi.divisions();
  }

  async function removeDivision(id: number): Promise<void> {
    await onCallAdminApi.deleteDivision(id);
    divisions.value = divisions.value.filter((division) => division.id !== id);
  }

  const memberName = (id: number | null): string => (id === null ? '—' : (members.value.find((m) => m.id === id)?.name ?? `Member ${id}`));
  const divisionName = (id: number | null): string => (id === null ? '—' : (divisions.value.find((d) => d.id === id)?.name ?? `Division ${id}`));
  /** Who may be on call in a division (the server checks the same). */
  const activeMembersOf = (divisionId: number | null): OnCallMember[] =>
    divisionId === null ? [] : members.value.filter((m) => m.active && m.divisionIds.includes(divisionId));

  return { divisions, members, loaded, load, saveMember, removeMember, saveDivision, removeDivision, memberName, divisionName, activeMembersOf };
});
