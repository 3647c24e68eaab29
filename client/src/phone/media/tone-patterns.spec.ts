import { describe, expect, it } from 'vitest';
import { CallLink } from '../state/call-link';
import { CallState } from '../state/call-state';
import type { CallSnapshot } from '../sip/phone-call';
import type { PhoneSnapshot } from '../sip/phone';
import { RegistrationState } from '../state/registration-state';
import { cueForEndedCall, loopingToneFor, patternLengthMs, TONE_PATTERNS } from './tone-patterns';

function call(state: CallState, extra: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    id: `c-${state}`,
    direction: state === CallState.RingingIn ? 'inbound' : 'outbound',
    role: 'normal',
    state,
    remoteUser: '1001',
    remoteName: '',
    remoteRinging: false,
    muted: false,
    startedAt: 0,
    answeredAt: null,
    endedAt: null,
    link: CallLink.Connected,
    outcome: null,
    transfer: null,
    ...extra,
  };
}

function phoneWith(...calls: CallSnapshot[]): PhoneSnapshot {
  return { registration: { state: RegistrationState.Registered, failure: null, nextRetryAt: null }, calls, conference: false };
}

describe('loopingToneFor', () => {
  it('rings for an incoming call, but not over a call in progress', () => {
    expect(loopingToneFor(phoneWith(call(CallState.RingingIn)))).toBe('ringtone');
    expect(loopingToneFor(phoneWith(call(CallState.Talking), call(CallState.RingingIn)))).toBeNull();
    expect(loopingToneFor(phoneWith(call(CallState.Held), call(CallState.RingingIn)))).toBe('ringtone');
  });

  it('plays ringback only once the far end says it is ringing', () => {
    expect(loopingToneFor(phoneWith(call(CallState.RingingOut)))).toBeNull();
    expect(loopingToneFor(phoneWith(call(CallState.RingingOut, { remoteRinging: true })))).toBe('ringback');
  });

  it('is silent with no calls or only ended ones', () => {
    expect(loopingToneFor(phoneWith())).toBeNull();
    expect(loopingToneFor(phoneWith(call(CallState.Ended)))).toBeNull();
  });
});

describe('cueForEndedCall', () => {
  it('beeps after a normal hang-up of an answered call, stays quiet for an unanswered one', () => {
    expect(cueForEndedCall(null, true)).toBe('hangup');
    expect(cueForEndedCall(null, false)).toBeNull();
  });

  it('plays the error tone for failures and nothing for expected endings', () => {
    expect(cueForEndedCall({ kind: 'busy' }, false)).toBe('error');
    expect(cueForEndedCall({ kind: 'mic-blocked' }, false)).toBe('error');
    for (const kind of ['declined', 'transferred', 'replaced', 'missed', 'cancelled']) expect(cueForEndedCall({ kind }, true)).toBeNull();
  });
});

describe('TONE_PATTERNS', () => {
  it('uses audible frequencies and positive durations only', () => {
    for (const pattern of Object.values(TONE_PATTERNS)) {
      for (const segment of pattern) {
        expect(segment.ms).toBeGreaterThan(0);
        for (const frequency of segment.frequencies) expect(frequency).toBeGreaterThanOrEqual(300);
      }
    }
    expect(patternLengthMs('ringback')).toBe(6000);
  });
});
