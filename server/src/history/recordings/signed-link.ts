import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../lib/clock';

export type LinkCheck = { valid: true } | { valid: false; reason: 'bad-signature' | 'expired' | 'too-long-lived' };

/** A link lives minutes, never longer: a leaked URL is not a standing credential. */
export const MAX_LINK_LIFETIME_MS = 10 * 60_000;

function signature(callId: string, file: string, expiresAt: number, key: Buffer): Buffer {
  // Newline-separated so no (callId, file) pair can be shifted into another with the same bytes.
  return createHmac('sha256', key).update(`${callId}\n${file}\n${expiresAt}`).digest();
}

/** Base64url HMAC-SHA256 over call, file and expiry (ms since the epoch). */
export function signRecordingLink(callId: string, file: string, expiresAt: number, key: Buffer): string {
  return signature(callId, file, expiresAt, key).toString('base64url');
}

export function verifyRecordingLink(
  link: { callId: string; file: string; expiresAt: number; signature: string },
  key: Buffer,
  clock: Clock,
): LinkCheck {
  const expected = signature(link.callId, link.file, link.expiresAt, key);
  const given = Buffer.from(link.signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: 'bad-signature' };
  const now = clock.now();
  if (link.expiresAt <= now) return { valid: false, reason: 'expired' };
  if (link.expiresAt - now > MAX_LINK_LIFETIME_MS) return { valid: false, reason: 'too-long-lived' };
  return { valid: true };
}
