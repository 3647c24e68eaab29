import { ApiRequestError } from '../api/http';

/** "3 minutes", "1 minute"; a lockout of a few seconds still reads as one minute. */
export function minutesText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** The sentence to show for a failed request, in the user's terms. */
export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const { code, message, retryAfter, lockedScope } = error.error;
    if (code === 'locked_out' && lockedScope === 'account' && retryAfter !== undefined) {
      return `Too many failed sign-ins for this account, so its password sign-in is locked for now. Try again in ${minutesText(retryAfter)}.`;
    }
    if ((code === 'locked_out' || code === 'rate_limited') && retryAfter !== undefined) {
      const what = code === 'locked_out' ? 'Too many failed sign-ins' : 'Too many attempts';
      return `${what}. Try again in ${minutesText(retryAfter)}.`;
    }
    return message;
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}
