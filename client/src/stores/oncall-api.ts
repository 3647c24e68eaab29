import type {
  OnCallAuditFilter,
  OnCallAuditRowView,
  OnCallDivisionInput,
  OnCallDivisionView,
  OnCallLockoutView,
  OnCallMemberInput,
  OnCallMemberView,
  OnCallPeriodView,
  OnCallScheduleInput,
  TakeoverConfirmation,
} from '@ondeck/shared';
import { callApi, downloadApi, queryString } from '../api/contract';

/**
 * The on-call REST endpoints (calls of the shared contract) and their shapes. The board store
 * (oncall.ts) and the admin store (oncall-admin.ts) build on these; the board store is loaded
 * with the socket, the admin one only with the admin pages.
 */
export type {
  OnCallAuditFilter,
  OnCallBoardEntry,
  OnCallCalendar,
  OnCallCalendarEntry,
  OnCallCalendarOverride,
  OnCallDivisionInput,
  OnCallHandover,
  OnCallMemberInput,
  OnCallNotification,
  OnCallScheduleInput,
  OnCallScheduleView,
  TakeoverConfirmation,
  WebhookAuthKind,
} from '@ondeck/shared';
export type OnCallLockout = OnCallLockoutView;
/** History rows come from the shared protocol (dates are ISO strings on the wire). */
export type OnCallPeriodRow = OnCallPeriodView;
export type OnCallDivision = OnCallDivisionView;
export type OnCallMember = OnCallMemberView;
export type OnCallAuditRow = OnCallAuditRowView;

/** The on-call REST endpoints (owned by the on-call domain). */
export const onCallApi = {
  board: () => callApi('oncall.board'),
  history: (limit: number) => callApi('oncall.history', { query: { limit } }),
  takeover: (divisionId: number, body: TakeoverConfirmation) => callApi('oncall.takeover', { params: { division: divisionId }, body }),
  release: (divisionId: number) => callApi('oncall.release', { params: { division: divisionId } }),
  offCall: (divisionId: number) => callApi('oncall.offCall', { params: { division: divisionId } }),
  calendar: (divisionId: number, days: number) => callApi('oncall.calendar', { params: { division: divisionId }, query: { days } }),
  clearLockout: (lockId: number) => callApi('oncall.clearLockout', { params: { id: lockId } }),
};

/** Query string of the audit filters; empty values are left out so the server sees no filter. */
export function auditQuery(filter: OnCallAuditFilter): string {
  return queryString(filter);
}

/** Admin-only on-call endpoints: divisions, members, schedules, overrides, audit, webhooks. */
export const onCallAdminApi = {
  divisions: () => callApi('oncall.divisions'),
  createDivision: (body: OnCallDivisionInput) => callApi('oncall.createDivision', { body }),
  updateDivision: (id: number, body: OnCallDivisionInput) => callApi('oncall.updateDivision', { params: { id }, body }),
  deleteDivision: (id: number) => callApi('oncall.deleteDivision', { params: { id } }),
  schedule: (id: number) => callApi('oncall.schedule', { params: { id } }),
  saveSchedule: (id: number, body: OnCallScheduleInput) => callApi('oncall.saveSchedule', { params: { id }, body }),
  members: () => callApi('oncall.members'),
  createMember: (body: OnCallMemberInput & { pin: string }) => callApi('oncall.createMember', { body }),
  updateMember: (id: number, body: OnCallMemberInput) => callApi('oncall.updateMember', { params: { id }, body }),
  deleteMember: (id: number) => callApi('oncall.deleteMember', { params: { id } }),
  setPin: (id: number, pin: string) => callApi('oncall.setPin', { params: { id }, body: { pin } }),
  addOverride: (divisionId: number, memberId: number, end: string | undefined) =>
    callApi('oncall.addOverride', { params: { division: divisionId }, body: end ? { memberId, end } : { memberId } }),
  removeOverride: (divisionId: number, overrideId: number) => callApi('oncall.removeOverride', { params: { division: divisionId, id: overrideId } }),
  audit: (filter: OnCallAuditFilter) => callApi('oncall.audit', { query: filter }),
  /** The audit log matching the filter as CSV (the newest 10 000 rows). */
  auditCsv: (filter: OnCallAuditFilter) => downloadApi('oncall.auditCsv', { query: filter }),
  notifications: () => callApi('oncall.notifications', { query: { limit: 200 } }),
};
