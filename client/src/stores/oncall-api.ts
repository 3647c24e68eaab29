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

/**
 * The on-call REST endpoints and their shapes (from the shared protocol). The board store
 * (oncall.ts) and the admin store (oncall-admin.ts) build on these; the board store is loaded
 * with the socket, the admin one only with the admin pages.
 */
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
