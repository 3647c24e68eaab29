import { describe, expect, it } from 'vitest';
import { signRecordingLink, verifyRecordingLink } from './signed-link';

const KEY = Buffer.alloc(32, 7);
const NOW = 1_800_000_000_000;
const clock = { now: () => NOW };

describe('recording links', () => {
  const expiresAt = NOW + 60_000;
  const signature = signRecordingLink({ callId: '1701946210.123', file: 'a.wav', userId: 4, expiresAt }, KEY);

  it('accepts its own link before expiry', () => {
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', userId: 4, expiresAt, signature }, KEY, clock)).toEqual({ valid: true });
  });

  it('refuses tampered call, file, user, expiry, signature or key', () => {
    const bad = { valid: false, reason: 'bad-signature' };
    expect(verifyRecordingLink({ callId: '1701946210.124', file: 'a.wav', userId: 4, expiresAt, signature }, KEY, clock)).toEqual(bad);
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'b.wav', userId: 4, expiresAt, signature }, KEY, clock)).toEqual(bad);
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', userId: 5, expiresAt, signature }, KEY, clock)).toEqual(bad);
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', userId: 4, expiresAt: expiresAt + 1, signature }, KEY, clock)).toEqual(bad);
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', userId: 4, expiresAt, signature: 'x' }, KEY, clock)).toEqual(bad);
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', userId: 4, expiresAt, signature }, Buffer.alloc(32, 8), clock)).toEqual(bad);
  });

  it('refuses an expired or long-lived link', () => {
    const later = { now: () => expiresAt };
    expect(verifyRecordingLink({ callId: '1701946210.123', file: 'a.wav', userId: 4, expiresAt, signature }, KEY, later)).toEqual({ valid: false, reason: 'expired' });
    const far = NOW + 24 * 3_600_000;
    const farSignature = signRecordingLink({ callId: 'c', file: 'a.wav', userId: 4, expiresAt: far }, KEY);
    expect(verifyRecordingLink({ callId: 'c', file: 'a.wav', userId: 4, expiresAt: far, signature: farSignature }, KEY, clock)).toEqual({
      valid: false,
      reason: 'too-long-lived',
    });
  });
});
