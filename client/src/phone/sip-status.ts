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
