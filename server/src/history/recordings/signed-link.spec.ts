import { describe, expect, it } from 'vitest';
import { signRecordingLink, verifyRecordingLink } from './signed-link';

const KEY = Buffer.alloc(32, 7);
const NOW = 1_800_000_000_000;
const clock = { now: () => NOW };

describe('recording links', () => {
  const expiresAt = NOW + 60_000;
  const signature = signRecordingLink('1701946210.123', 'a.wav', expiresAt, KEY);

  it('accepts its own link before expiry', () => {
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', expiresAt, signature }, KEY, clock)).toEqual({ valid: true });
  });

  it('refuses tampered call, file, expiry, signature or key', () => {
    const bad = { valid: false, reason: 'bad-signature' };
    expect(verifyRecordingLink({ callId: '1701946210.124', file: 'a.wav', expiresAt, signature }, KEY, clock)).toEqual(bad);
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'b.wav', expiresAt, signature }, KEY, clock)).toEqual(bad);
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', expiresAt: expiresAt + 1, signature }, KEY, clock)).toEqual(bad);
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', expiresAt, signature: 'x' }, KEY, clock)).toEqual(bad);
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', expiresAt, signature }, Buffer.alloc(32, 8), clock)).toEqual(bad);
  });

  it('refuses an expired or long-lived link', () => {
    const later = { now: () => expiresAt };
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', expiresAt, signature }, KEY, later)).toEqual({ valid: false, reason: 'expired' });
    const far = NOW + 24 * 3_600_000;
    const farSignature = signRecordingLink('c', 'a.wav', far, KEY);
    expect(verifyRecordingLink({ callId: 'c', file: 'a.wav', expiresAt: far, signature: farSignature }, KEY, clock)).toEqual({
      valid: false,
      reason: 'too-long-lived',
    });
  });
});
