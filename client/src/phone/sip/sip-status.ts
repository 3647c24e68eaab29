/** Why a call or registration ended, in words an operator understands. */
export interface SipOutcome {
  /** SIP status code, or 0 when no response came (transport loss, local error). */
  code: number;
  /** Short key for logic and tests, e.g. `busy`. */
  kind: SipOutcomeKind;
  /** Sentence for the UI. */
  message: string;
}

export type SipOutcomeKind =
  | 'busy'
  | 'declined'
  | 'not-found'
  | 'unavailable'
  | 'forbidden'
  | 'auth'
  | 'timeout'
  /** Rang out without an answer (Q.850 18/19). */
  | 'no-answer'
  | 'cancelled'
  | 'incomplete-number'
  | 'no-codec'
  | 'server-error'
  | 'failed';

const MEANINGS: Record<number, [SipOutcomeKind, string]> = {
  401: ['auth', 'The PBX refused our credentials'],
  403: ['forbidden', 'Not allowed to call this number'],
  404: ['not-found', 'Number not found'],
  407: ['auth', 'The PBX refused our credentials'],
  408: ['timeout', 'No answer in time (request timeout)'],
  410: ['not-found', 'Number no longer in service'],
  480: ['unavailable', 'Temporarily unavailable (not registered or do-not-disturb)'],
  484: ['incomplete-number', 'Number incomplete'],
  486: ['busy', 'Busy'],
  487: ['cancelled', 'Call cancelled'],
  488: ['no-codec', 'No common audio codec with the other side'],
  503: ['server-error', 'Service unavailable (PBX overloaded or no route)'],
  600: ['busy', 'Busy everywhere'],
  603: ['declined', 'Call declined'],
  604: ['not-found', 'Number does not exist anywhere'],
  606: ['no-codec', 'Not acceptable (no common audio codec)'],
};

/** Maps a final SIP response to its meaning; unknown codes fall back by class. */
export function describeSipStatus(code: number, reasonPhrase = ''): SipOutcome {
  const known = MEANINGS[code];
  if (known) return { code, kind: known[0], message: known[1] };
  const suffix = reasonPhrase ? `: ${reasonPhrase}` : '';
  if (code >= 500 && code < 600) return { code, kind: 'server-error', message: `PBX error ${code}${suffix}` };
  return { code, kind: 'failed', message: `Call failed (${code}${suffix})` };
}

/**
 * Q.850 causes Asterisk puts in `Reason: Q.850;cause=N` on a failure response. Asterisk maps
 * them to status codes its own way (a decline becomes 403, an unanswered call 603), so the
 * cause is the truth and the status code only the fallback.
 */
const Q850_MEANINGS: Record<number, [SipOutcomeKind, string]> = {
  1: ['not-found', 'Number not found'],
  3: ['not-found', 'No route to this number'],
  16: ['declined', 'The call ended before it was answered'],
  17: ['busy', 'Busy'],
  18: ['no-answer', 'No answer'],
  19: ['no-answer', 'No answer'],
  20: ['unavailable', 'Temporarily unavailable (not registered or do-not-disturb)'],
  21: ['declined', 'Call declined'],
  22: ['not-found', 'Number changed'],
  27: ['unavailable', 'The phone is out of order or unreachable'],
  28: ['incomplete-number', 'Number incomplete or invalid'],
  34: ['server-error', 'No line available'],
  38: ['server-error', 'The network is out of order'],
  41: ['server-error', 'Temporary failure at the PBX'],
  42: ['server-error', 'The PBX is congested'],
  58: ['no-codec', 'No common audio codec with the other side'],
  65: ['no-codec', 'No common audio codec with the other side'],
  88: ['no-codec', 'No common audio codec with the other side'],
};

/** The Q.850 cause in a `Reason` header value (`Q.850;cause=21;text="..."`), or null. */
export function q850Cause(reasonHeader: string | undefined): number | null {
  if (!reasonHeader) return null;
  for (const part of reasonHeader.split(',')) {
    const match = /^\s*Q\.850\s*;(?:.*;)?\s*cause\s*=\s*(\d{1,3})\b/i.exec(part);
    if (match?.[1]) return Number(match[1]);
  }
  return null;
}

/** A failure response's meaning: the Q.850 cause in `Reason` first, then the status code. */
export function describeSipFailure(code: number, reasonPhrase = '', reasonHeader?: string): SipOutcome {
  const cause = q850Cause(reasonHeader);
  const known = cause === null ? undefined : Q850_MEANINGS[cause];
  if (known) return { code, kind: known[0], message: known[1] };
  return describeSipStatus(code, reasonPhrase);
}
