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
