import type { User } from '../users/user';

/** A request or socket whose access token checked out against the current account row. */
export interface AuthenticatedUser {
  user: User;
  /** The sign-in (refresh-token family) this access token belongs to. */
  sessionId: string;
  /** Epoch seconds at which the access token expires. */
  expiresAt: number;
}
