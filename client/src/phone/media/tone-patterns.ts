import { CallState } from '../state/call-state';
import type { PhoneSnapshot } from '../sip/phone';

/** Tones that repeat until the state that asked for them is over. */
export type LoopingTone = 'ringback' | 'ringtone';
/** Tones played once. */
export type CueTone = 'hangup' | 'error' | 'speaker-test';
export type ToneName = LoopingTone | CueTone;

/** One step of a cadence: the listed frequencies together, or silence when empty. */
export interface ToneSegment {
  frequencies: number[];
  ms: number;
}

/**
 * Cadences are generated, never recorded files: North American ringback (440+480 Hz,
 * 2 s on / 4 s off), a double-burst ringtone, a three-beep hang-up and the SIT error
 * sequence (950/1400/1800 Hz) that people recognise as "this did not work".
 */
export const TONE_PATTERNS: Record<ToneName, ToneSegment[]> = {
  ringback: [
    { frequencies: [440, 480], ms: 2000 },
    { frequencies: [], ms: 4000 },
  ],
  ringtone: [
    { frequencies: [880, 1100], ms: 400 },
    { frequencies: [], ms: 200 },
    { frequencies: [880, 1100], ms: 400 },
    { frequencies: [], ms: 2000 },
  ],
  hangup: [
    { frequencies: [480, 620], ms: 250 },
    { frequencies: [], ms: 150 },
    { frequencies: [480, 620], ms: 250 },
    { frequencies: [], ms: 150 },
    { frequencies: [480, 620], ms: 250 },
  ],
  error: [
    { frequencies: [950], ms: 330 },
    { frequencies: [1400], ms: 330 },
    { frequencies: [1800], ms: 330 },
  ],
  'speaker-test': [
    { frequencies: [440], ms: 500 },
    { frequencies: [], ms: 200 },
    { frequencies: [660], ms: 500 },
  ],
};

export function patternLengthMs(tone: ToneName): number {
  return TONE_PATTERNS[tone].reduce((sum, segment) => sum + segment.ms, 0);
}

/** Which looping tone the phone should play now, or null for silence. */
export function loopingToneFor(snapshot: PhoneSnapshot): LoopingTone | null {
  const live = snapshot.calls.filter((call) => call.state !== CallState.Ended);
  const talking = live.some((call) => call.state === CallState.Talking || call.state === CallState.Conference);
  if (live.some((call) => call.state === CallState.RingingIn) && !talking) return 'ringtone';
  if (live.some((call) => call.state === CallState.RingingOut && call.remoteRinging)) return 'ringback';
  return null;
}

/** Outcomes the operator caused or expects get the hang-up beeps; failures get the error tone. */
const QUIET_ENDINGS = new Set(['declined', 'transferred', 'replaced', 'missed', 'cancelled']);

/** The cue for a call that just ended, or null when none should sound. */
export function cueForEndedCall(outcome: { kind: string } | null, wasAnswered: boolean): CueTone | null {
  if (outcome === null) return wasAnswered ? 'hangup' : null;
  if (QUIET_ENDINGS.has(outcome.kind)) return null;
  return 'error';
}
