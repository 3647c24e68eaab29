import { describeSipFailure, type SipOutcome } from './sip-status';

/** Outcomes that come from the browser rather than a SIP response. */
export type LocalOutcomeKind =
  | 'mic-blocked'
  | 'no-mic'
  | 'media-failed'
  | 'replaced'
  | 'transferred'
  | 'missed'
  /** The WebSocket to the PBX dropped and the call's signalling could not be restored. */
  | 'connection-lost';

export interface CallOutcome {
  code: number;
  kind: SipOutcome['kind'] | LocalOutcomeKind;
  message: string;
}

export const MIC_BLOCKED_HELP =
  'The browser blocked the microphone. Click the lock or camera icon in the address bar, ' +
  'set Microphone to Allow for this site, then try again.';

/** Turns a getUserMedia / WebRTC failure into something the operator can act on. */
export function describeMediaError(error: unknown): CallOutcome {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return { code: 0, kind: 'mic-blocked', message: MIC_BLOCKED_HELP };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return { code: 0, kind: 'no-mic', message: 'No microphone found. Plug one in or pick another in the phone settings.' };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 0, kind: 'media-failed', message: `Audio could not start: ${detail}` };
}

/** What a final failure response means; `reasonHeader` is its `Reason` header (Asterisk's Q.850 cause). */
export function outcomeFromStatus(code: number, reasonPhrase?: string, reasonHeader?: string): CallOutcome {
  return describeSipFailure(code, reasonPhrase, reasonHeader);
}

/** Status code of a `message/sipfrag` body such as `SIP/2.0 180 Ringing`, or null when unreadable. */
export function sipfragStatus(body: string): number | null {
  const match = /^SIP\/2\.0 (\d{3})/.exec(body.trim());
  return match?.[1] ? Number(match[1]) : null;
}

/** DTMF signal from a SIP INFO body (`application/dtmf-relay` or `application/dtmf`). */
export function dtmfFromInfoBody(contentType: string, body: string): string | null {
  if (/application\/dtmf-relay/i.test(contentType)) {
    const match = /Signal\s*=\s*([0-9*#A-Da-d])/.exec(body);
    return match?.[1] ?? null;
  }
  if (/application\/dtmf/i.test(contentType)) {
    const tone = body.trim();
    return /^[0-9*#A-Da-d]$/.test(tone) ? tone : null;
  }
  return null;
}
