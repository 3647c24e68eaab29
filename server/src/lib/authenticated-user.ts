import type { UserRecord } from '@ondeck/shared';

/**
 * An account as the server works with it. The password hash never leaves the repository.
 * Declared here, not in users/, because every entry point (http, realtime) carries the signed-in
 * account and must not depend on the users domain, which itself depends on them.
 */
export interface User extends Omit<UserRecord, 'createdAt' | 'updatedAt' | 'lastLoginAt'> {
  tokenVersion: number;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

/** A request or socket whose access token checked out against the current account row. */
export interface AuthenticatedUser {
  user: User;
  /** The sign-in (refresh-token family) this access token belongs to. */
  sessionId: string;
  /** Epoch seconds at which the access token expires. */
  expiresAt: number;
}
