import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../lib/clock';

export type LinkCheck = { valid: true } | { valid: false; reason: 'bad-signature' | 'expired' | 'too-long-lived' };

/** A link lives minutes, never longer: a leaked URL is not a standing credential. */
export const MAX_LINK_LIFETIME_MS = 10 * 60_000;

/** What a link grants: this user may fetch this file of this call until then. */
export interface RecordingGrant {
  callId: string;
  file: string;
  /** The user it was made for: each request re-checks that user's scope for the call. */
  userId: number;
  /** ms since the epoch */
  expiresAt: number;
}

function signature(grant: RecordingGrant, key: Buffer): Buffer {
  // Newline-separated so no field can be shifted into another with the same bytes.
  return createHmac('sha256', key).update(`${grant.callId}\n${grant.file}\n${grant.userId}\n${grant.expiresAt}`).digest();
}

/** Base64url HMAC-SHA256 over call, file, user and expiry. */
export function signRecordingLink(grant: RecordingGrant, key: Buffer): string {
  return signature(grant, key).toString('base64url');
}

export function verifyRecordingLink(link: RecordingGrant & { signature: string }, key: Buffer, clock: Clock): LinkCheck {
  const expected = signature(link, key);
  const given = Buffer.from(link.signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: 'bad-signature' };
  const now = clock.now();
  if (link.expiresAt <= now) return { valid: false, reason: 'expired' };
  if (link.expiresAt - now > MAX_LINK_LIFETIME_MS) return { valid: false, reason: 'too-long-lived' };
  return { valid: true };
}
