import type { ApiError, ErrorCode } from '@ondeck/shared';

/**
 * An error meant for the person using OnDeck: its message says what happened and what to do.
 * Services throw it; the HTTP error handler and the socket ack helper turn it into `ApiError`.
 */
export class AppError extends Error {
  readonly fields: Record<string, string> | undefined;
  readonly retryAfter: number | undefined;
  readonly lockedScope: ApiError['lockedScope'];

  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: { fields?: Record<string, string>; retryAfter?: number; lockedScope?: ApiError['lockedScope'] } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.fields = extra.fields;
    this.retryAfter = extra.retryAfter;
    this.lockedScope = extra.lockedScope;
  }

  toApiError(): ApiError {
    const error: ApiError = { code: this.code, message: this.message };
    if (this.fields) error.fields = this.fields;
    if (this.retryAfter !== undefined) error.retryAfter = this.retryAfter;
    if (this.lockedScope !== undefined) error.lockedScope = this.lockedScope;
    return error;
  }
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_expired: 401,
  token_revoked: 401,
  locked_out: 429,
  rate_limited: 429,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  pbx_unavailable: 503,
  pbx_error: 502,
  internal: 500,
};

export function httpStatusFor(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

export const notFound = (what: string): AppError =>
  new AppError('not_found', `${what} was not found. It may have been deleted; reload the page.`);

export const forbidden = (): AppError =>
  new AppError('forbidden', 'Your account is not allowed to do this. Ask an administrator if you need access.');

export const unauthenticated = (): AppError =>
  new AppError('unauthenticated', 'You are not signed in. Sign in and try again.');
