/** Every REST error body and every failed socket acknowledgement has this shape. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field-level validation problems, keyed by dotted path. */
  fields?: Record<string, string>;
  /** Seconds until a rate limit or lockout ends. */
  retryAfter?: number;
  /** With `locked_out`: whether this address or the account's password sign-in is locked. */
  lockedScope?: 'address' | 'account';
}

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'locked_out'
  | 'token_expired'
  | 'token_revoked'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'pbx_unavailable'
  | 'pbx_error'
  | 'internal';

export interface ApiErrorBody {
  error: ApiError;
}

/** Socket acknowledgement: one envelope for every action. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
