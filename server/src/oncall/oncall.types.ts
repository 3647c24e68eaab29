import type { OnCallAuditEvent, OnCallSource } from '@ondeck/shared';

export type { OnCallSource };

export interface Division {
  id: number;
  name: string;
  oncallLine: string | null;
  fallbackNumber: string | null;
  /** When the caller ID matches no member, a PIN alone may identify the member. */
  allowPinOnly: boolean;
}

export interface OnCallMember {
  id: number;
  name: string;
  /** E.164 or an internal extension. */
  phone: string;
  email: string | null;
  active: boolean;
  accountUserId: number | null;
  pinHash: string;
  createdAt: Date;
  lastLogin: Date | null;
}

export interface OnCallPeriod {
  id: number;
  divisionId: number;
  memberId: number | null;
  phone: string;
  startedAt: Date;
  /** Null while the period is the division's current one. */
  endedAt: Date | null;
  source: OnCallSource;
  endedBy: string | null;
}

/** The event types and their labels are declared once, in shared/ (the audit page filters by them). */
export type { OnCallAuditEvent };

export interface OnCallAuditRecord {
  eventType: OnCallAuditEvent;
  memberId: number | null;
  divisionId: number | null;
  /** The caller ID as Asterisk reported it (untrusted), or `anonymous`. */
  callerId: string | null;
  /** The Asterisk channel for phone events, the client address for web events. */
  channelOrIp: string | null;
  details: Record<string, unknown> | null;
}

export interface OnCallAuditRow extends OnCallAuditRecord {
  id: number;
  createdAt: Date;
}
