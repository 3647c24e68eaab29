import { ONCALL_PHONE_PATTERN, ONCALL_PIN_PATTERN } from '@ondeck/shared';

/** The server's on-call rules (from shared/), checked here too so mistakes show before a round trip. */
export const PIN_PATTERN = ONCALL_PIN_PATTERN;
/** E.164 (+ and 7–15 digits) or an internal extension of 2 to 10 digits. */
export const PHONE_PATTERN = ONCALL_PHONE_PATTERN;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export function pinProblem(pin: string): string | null {
  return PIN_PATTERN.test(pin) ? null : 'The PIN must be 4 to 8 digits.';
}

export function phoneProblem(phone: string, required = true): string | null {
  if (phone === '') return required ? 'A phone number is required.' : null;
  return PHONE_PATTERN.test(phone) ? null : 'Use E.164 (+4930123456) or an extension of 2 to 10 digits.';
}

export function emailProblem(email: string): string | null {
  return email === '' || EMAIL_PATTERN.test(email) ? null : 'This is not an e-mail address.';
}

export function urlProblem(url: string): string | null {
  if (url === '') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? null : 'Use an http(s) URL.';
  } catch {
    return 'Use an http(s) URL.';
  }
}

export function timeProblem(time: string): string | null {
  return TIME_PATTERN.test(time) ? null : 'Use HH:MM (24 h).';
}

/** Collects the problems of a form; an empty object means it may be sent. */
export function collectProblems(checks: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(checks).filter((entry): entry is [string, string] => entry[1] !== null));
}
