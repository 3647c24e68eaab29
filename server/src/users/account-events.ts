import { EventEmitter } from 'node:events';
import type { DisconnectReason } from '@ondeck/shared';

export interface SessionsEnded {
  userId: number;
  reason: DisconnectReason;
  /** Shown to the person whose session ended. */
  message: string;
  /** Only this sign-in (logout); otherwise every session of the user. */
  sessionId?: string;
  /** Every session except this one (own password change keeps the current browser). */
  exceptSessionId?: string;
}

interface AccountEventMap {
  /** Role, scope, extension, modes or name changed: re-scope open sockets. */
  userChanged: [userId: number];
  /** Sessions were cut server-side: sockets must close now, not at token expiry. */
  sessionsEnded: [event: SessionsEnded];
}

/** How the users and auth services tell realtime (and the live panel) about account changes. */
export class AccountEvents extends EventEmitter<AccountEventMap> {}
