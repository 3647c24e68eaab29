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

export type WebhookAuthKind = 'none' | 'header' | 'bearer' | 'basic';

export interface OnCallDivision {
  id: number;
  name: string;
  oncallLine: string | null;
  fallbackNumber: string | null;
  allowPinOnly: boolean;
  webhookUrl: string | null;
  webhookAuthKind: WebhookAuthKind;
  hasWebhookAuth: boolean;
  hasWebhookSecret: boolean;
}

/** Secrets are write-only: undefined keeps the stored one, null clears it. */
export interface OnCallDivisionInput {
  name: string;
  oncallLine: string | null;
  fallbackNumber: string | null;
  allowPinOnly: boolean;
  webhookUrl: string | null;
  webhookAuthKind: WebhookAuthKind;
  webhookAuth?: string | null;
  webhookSecret?: string | null;
}

export interface OnCallMember {
  id: number;
  name: string;
  phone: string;
  email: string | null;
  active: boolean;
  accountUserId: number | null;
  divisionIds: number[];
  createdAt: string;
  lastLogin: string | null;
}

export type OnCallMemberInput = Omit<OnCallMember, 'id' | 'createdAt' | 'lastLogin'>;

export interface OnCallHandover {
  weekday: number;
  time: string;
  memberIds: number[];
}

export interface OnCallScheduleInput {
  enabled: boolean;
  timeZone: string;
  calendarUrl: string | null;
  rotation: { anchor: string; handovers: OnCallHandover[] } | null;
  calendarIcs?: string | null;
}

export interface OnCallAuditRow {
  id: number;
  createdAt: string;
  eventType: string;
  divisionId: number | null;
  memberId: number | null;
  callerId: string | null;
  channelOrIp: string | null;
  details: Record<string, unknown> | null;
}

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
  saveSchedule: (id: number, body: OnCallScheduleInput) => apiRequest<unknown>('PUT', `/api/oncall/divisions/${id}/schedule`, { body }),
  members: () => apiRequest<OnCallMember[]>('GET', '/api/oncall/members'),
  createMember: (body: OnCallMemberInput & { pin: string }) => apiRequest<OnCallMember>('POST', '/api/oncall/members', { body }),
  updateMember: (id: number, body: OnCallMemberInput) => apiRequest<OnCallMember>('PUT', `/api/oncall/members/${id}`, { body }),
  deleteMember: (id: number) => apiRequest<unknown>('DELETE', `/api/oncall/members/${id}`),
  setPin: (id: number, pin: string) => apiRequest<unknown>('PUT', `/api/oncall/members/${id}/pin`, { body: { pin } }),
  addOverride: (divisionId: number, memberId: number, end: string | undefined) =>
    apiRequest<unknown>('POST', `/api/oncall/${divisionId}/overrides`, { body: end ? { memberId, end } : { memberId } }),
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

  async function saveDivision(id: number | null, body: OnCallDivisionInput, schedule: OnCallScheduleInput | null): Promise<void> {
    const saved = id === null ? await onCallAdminApi.createDivision(body) : await onCallAdminApi.updateDivision(id, body);
    if (schedule) await onCallAdminApi.saveSchedule(saved.id, schedule);
    divisions.value = await onCallAdminApi.divisions();
  }

  async function removeDivision(id: number): Promise<void> {
    await onCallAdminApi.deleteDivision(id);
    divisions.value = divisions.value.filter((division) => division.id !== id);
  }

  const memberName = (id: number | null): string => (id === null ? '—' : (members.value.find((m) => m.id === id)?.name ?? `Member ${id}`));
  const divisionName = (id: number | null): string => (id === null ? '—' : (divisions.value.find((d) => d.id === id)?.name ?? `Division ${id}`));

  return { divisions, members, loaded, load, saveMember, removeMember, saveDivision, removeDivision, memberName, divisionName };
});
