import type { Ack } from './errors';
import type { PbxStatus } from './status';
import type { SessionUser } from './auth';

/**
 * The Socket.IO protocol, declared once. The server uses
 * `Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>`, the client
 * `Socket<ServerToClientEvents, ClientToServerEvents>`. Domains add their events here.
 */

/** Why the server closed a socket; the client shows the matching text. */
export type DisconnectReason = 'token_expired' | 'token_revoked' | 'account_disabled' | 'logged_out';

export interface ServerToClientEvents {
  /** Sent just before the server disconnects the socket on purpose. */
  'session:ended': (payload: { reason: DisconnectReason; message: string }) => void;
  /** The user's own record changed (role, scope, modes); the client refreshes its view. */
  'session:user': (payload: SessionUser) => void;
  'pbx:status': (payload: PbxStatus) => void;
}

export interface ClientToServerEvents {
  /** Hand the socket a renewed access token so it is not cut off at expiry. */
  'session:renew': (payload: { accessToken: string }, ack: (result: Ack<SessionRenewed>) => void) => void;
}

/** Answer to `session:renew`: the socket now lives until this time. */
export interface SessionRenewed {
  /** Epoch seconds at which the renewed access token expires. */
  expiresAt: number;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  userId: number;
  tokenVersion: number;
  /** Epoch seconds at which the current access token expires. */
  expiresAt: number;
  /** The sign-in this socket belongs to, so signing out in one browser closes only its sockets. */
  sessionId: string;
}
