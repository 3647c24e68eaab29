import { z } from 'zod';

/** How an on-call period started: by PIN over the phone, from the panel, a softphone, the schedule, an override or the API. */
export type OnCallSource = 'phone_pin' | 'panel' | 'softphone' | 'schedule' | 'override' | 'api';

/** How a division's webhook authenticates; the server's input schema and the panel's picker use this list. */
export const WEBHOOK_AUTH_KINDS = ['none', 'header', 'bearer', 'basic'] as const;
export type WebhookAuthKind = (typeof WEBHOOK_AUTH_KINDS)[number];

/** A division as the panel sees it: whether webhook secrets are set, never their values. */
export interface OnCallDivisionView {
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

/**
 * A PIN lockout in force, as the board shows it. A caller ID is personal data: admins get it
 * whole, everyone else only its last three digits (`•••567`).
 */
export interface OnCallLockoutView {
  /** The id of the locked_out audit row; DELETE /api/oncall/lockouts/:id ends it early. */
  id: number;
  /** division: PIN-only takeover in the whole division (too many wrong PINs from any caller IDs). */
  kind: 'caller' | 'member' | 'division';
  callerId: string | null;
  member: { id: number; name: string } | null;
  since: string;
  until: string;
}

/** One division on the board (GET /api/oncall): who is on call (member null: nobody) and its lockouts. */
export interface OnCallBoardEntry {
  divisionId: number;
  divisionName: string;
  member: { id: number; name: string } | null;
  phone: string | null;
  since: string | null;
  source: OnCallSource | null;
  fallbackNumber: string | null;
  lockouts: OnCallLockoutView[];
  /** The member on call is the reader's own (linked by account): the board offers "Go off call". */
  mine: boolean;
  /**
   * PIN-only takeover in this division is refused until then: too many wrong PINs from any
   * caller IDs (the division's budget). Null when not. The lock is also in `lockouts` (kind
   * `division`), where an admin can clear it.
   */
  pinOnlyLockedUntil: string | null;
}

const handoverSchema = z.object({
  weekday: z.number().int().min(0).max(6),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
  memberIds: z.array(z.number().int().positive()).min(1).max(52),
});

/** PUT /api/oncall/divisions/:id/schedule: a weekly rotation and/or a calendar (URL, else an uploaded .ics). */
export const onCallScheduleSchema = z
  .object({
    enabled: z.boolean(),
    timeZone: z.string().min(1).max(64),
    calendarUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048).nullable().default(null),
    rotation: z
      .object({
        anchor: z.iso.date({ message: 'must be a date YYYY-MM-DD' }),
        handovers: z.array(handoverSchema).max(50),
      })
      .nullable()
      .default(null),
    /** Absent keeps the stored upload, null removes it. */
    calendarIcs: z.string().max(5_000_000).nullable().optional(),
    calendarIcsName: z.string().trim().min(1).max(255).nullable().optional(),
  })
  .strict();

export type OnCallScheduleInput = z.input<typeof onCallScheduleSchema>;
export type OnCallHandover = z.infer<typeof handoverSchema>;

/** GET /api/oncall/divisions/:id/schedule: what the schedule editor loads. */
export interface OnCallScheduleView {
  divisionId: number;
  enabled: boolean;
  timeZone: string;
  calendarUrl: string | null;
  rotation: { anchor: string; handovers: OnCallHandover[] } | null;
  /** The uploaded .ics (used only while there is no calendar URL). */
  upload: { name: string | null; bytes: number } | null;
  /** The calendar URL's polling: the last good download kept, and the newest failure. */
  calendarFetch: { lastGoodAt: string | null; lastFailure: { at: string; error: string | null } | null } | null;
  updatedAt: string | null;
}

/**
 * Pushed to every signed-in socket after any committed change of who is on call. It carries
 * only the division: open boards fetch `GET /api/oncall` again, which applies the reader's
 * role (masking) as always.
 */
export interface OnCallChangedEvent {
  divisionId: number;
}

export interface OnCallServerToClientEvents {
  'oncall:changed': (payload: OnCallChangedEvent) => void;
}

declare module './socket' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ServerToClientEvents extends OnCallServerToClientEvents {}
}

/** Every on-call audit event (`oncall_audit.event_type`), with the words the audit page shows. */
export const ONCALL_AUDIT_EVENT_LABELS = {
  successful_auth: 'PIN accepted',
  failed_auth: 'Wrong PIN or password',
  locked_out: 'Locked out',
  rejected_while_locked: 'Refused while locked out',
  unknown_caller: 'Unknown caller',
  on_call_update: 'On-call changed',
  on_call_conflict: 'Simultaneous change lost',
  call_abandoned: 'Caller hung up',
  member_created: 'Member added',
  member_updated: 'Member changed',
  member_deleted: 'Member removed',
  pin_reset: 'PIN set',
  division_created: 'Division added',
  division_updated: 'Division changed',
  division_deleted: 'Division removed',
  notification_failed: 'Webhook gave up',
  nobody_on_call: 'Nobody on call',
  calendar_fetch_failed: 'Calendar download failed',
  lockout_cleared: 'Lockout cleared',
  schedule_changed: 'Schedule changed',
} as const;

export type OnCallAuditEvent = keyof typeof ONCALL_AUDIT_EVENT_LABELS;
export const ONCALL_AUDIT_EVENTS = Object.keys(ONCALL_AUDIT_EVENT_LABELS) as OnCallAuditEvent[];

/** The words for an event type; an unknown one (a newer server) shows as it is. */
export function onCallAuditEventLabel(eventType: string): string {
  return (ONCALL_AUDIT_EVENT_LABELS as Record<string, string>)[eventType] ?? eventType;
}

/** An on-call phone: E.164 (+ and 7 to 15 digits) or an internal extension of 2 to 10 digits. Server and client use this one. */
export const ONCALL_PHONE_PATTERN = /^(\+[1-9]\d{6,14}|\d{2,10})$/;
/** A PIN as typed: 4 to 8 digits (PIN-only divisions need at least ONCALL_PIN_ONLY_MIN_DIGITS). */
export const ONCALL_PIN_PATTERN = /^\d{4,8}$/;
export const ONCALL_PIN_ONLY_MIN_DIGITS = 6;

/** One period of the history (GET /api/oncall/history), dates as ISO strings on the wire. */
export interface OnCallPeriodView {
  id: number;
  divisionId: number;
  memberId: number | null;
  memberName: string | null;
  phone: string;
  startedAt: string;
  endedAt: string | null;
  source: OnCallSource;
  endedBy: string | null;
}

/** A member as the admin pages see it (GET /api/oncall/members); the PIN hash never leaves the server. */
export interface OnCallMemberView {
  id: number;
  name: string;
  phone: string;
  email: string | null;
  active: boolean;
  accountUserId: number | null;
  divisionIds: number[];
  createdAt: string;
  lastLogin: string | null;
  /** Digits in the PIN; null when unknown (set before OnDeck recorded it). */
  pinLength: number | null;
  /** In a PIN-only division with a PIN under 6 digits (or of unknown length): set a new one. */
  pinNeedsChange: boolean;
}

/** One audit row (GET /api/oncall/audit). */
export interface OnCallAuditRowView {
  id: number;
  createdAt: string;
  eventType: OnCallAuditEvent;
  divisionId: number | null;
  memberId: number | null;
  callerId: string | null;
  channelOrIp: string | null;
  details: Record<string, unknown> | null;
}

/** How a panel takeover is re-confirmed; admins acting for a member confirm with their own password. */
export type TakeoverConfirmation = { pin: string } | { password: string } | { password: string; memberId: number };

/** POST/PUT /api/oncall/divisions: secrets are write-only (undefined keeps the stored one, null clears it). */
export interface OnCallDivisionInput extends Omit<OnCallDivisionView, 'id' | 'hasWebhookAuth' | 'hasWebhookSecret'> {
  webhookAuth?: string | null;
  webhookSecret?: string | null;
}

/** PUT /api/oncall/members/:id (POST adds the first `pin`). */
export type OnCallMemberInput = Omit<OnCallMemberView, 'id' | 'createdAt' | 'lastLogin' | 'pinLength' | 'pinNeedsChange'>;

/** One shift or override on a division's calendar (GET /api/oncall/:division/calendar). */
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

/** One webhook delivery of the outbox (GET /api/oncall/notifications). */
export interface OnCallNotification {
  id: number;
  /** Sent with every attempt, so the receiver can drop repeats. */
  idempotencyKey: string;
  divisionId: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
  /** The JSON body exactly as it was sent. */
  payload: unknown;
}

/** Filters of the audit page and its CSV export; empty values mean "no filter". */
export interface OnCallAuditFilter {
  type?: string;
  division?: number;
  member?: number;
  from?: string;
  to?: string;
}

/** A page of a listing. */
export interface Page<T> {
  total: number;
  items: T[];
}
