/** Result of checking what the operator typed before anything is dialled. */
export type DialTargetCheck = { ok: true; user: string } | { ok: false; reason: string };

const DIALLABLE = /^\+?[0-9*#]+$/;
const MAX_LENGTH = 32;

/**
 * Accepts digits, `*`, `#`, a leading `+`, optionally written as `sip:USER` or
 * `sip:USER@host` (the host is ignored: we always dial through our own PBX). Spaces,
 * dashes, dots and brackets that people paste from address books are removed first.
 * Anything else is refused so a typo never reaches the PBX.
 */
export function checkDialTarget(input: string): DialTargetCheck {
  let text = input.trim();
  if (/^sips?:/i.test(text)) {
    text = text.replace(/^sips?:/i, '');
    const at = text.indexOf('@');
    if (at === 0) return { ok: false, reason: 'The SIP address has no user part' };
    if (at > 0) text = text.slice(0, at);
  }
  const user = text.replace(/[\s\-.()]/g, '');
  if (user === '') return { ok: false, reason: 'Enter a number to call' };
  if (user.length > MAX_LENGTH) return { ok: false, reason: `A number has at most ${MAX_LENGTH} characters` };
  if (!DIALLABLE.test(user)) return { ok: false, reason: 'Only digits, *, # and a leading + can be dialled' };
  return { ok: true, user };
}

/** DTMF digits SIP INFO and RFC 4733 can carry. */
export function isDtmfTone(tone: string): boolean {
  return /^[0-9*#A-Da-d]$/.test(tone);
}
