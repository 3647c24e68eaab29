/**
 * Estimated MOS by a simplified ITU-T G.107 E-model, and the grade a MOS gets. The formula,
 * the codec values and where each input comes from are in ./README.md; keep the two together.
 */
import type { QualityGrade } from '@ondeck/shared';

/** Codec impairment values (ITU-T G.113 Appendix I) and the delay the codec adds. */
export interface CodecProfile {
  name: 'g711' | 'g729' | 'gsm' | 'wideband';
  /** Equipment impairment factor Ie. */
  ie: number;
  /** Packet-loss robustness factor Bpl (random loss). */
  bpl: number;
  /** One frame of packetisation plus look-ahead, ms. */
  codecDelayMs: number;
}

export const CODECS: Readonly<Record<CodecProfile['name'], CodecProfile>> = {
  // G.711 with packet loss concealment (every phone and Asterisk's jitter buffer conceal).
  g711: { name: 'g711', ie: 0, bpl: 25.1, codecDelayMs: 20 },
  // G.729A (+VAD in G.113's table): 20 ms packets plus 5 ms look-ahead.
  g729: { name: 'g729', ie: 11, bpl: 19, codecDelayMs: 25 },
  // GSM-FR: Ie 20 from G.113; G.113 gives no Bpl for it, so GSM-EFR's 10 is used.
  gsm: { name: 'gsm', ie: 20, bpl: 10, codecDelayMs: 20 },
  // Opus and other wideband codecs rated on the narrowband scale like G.711 with PLC.
  wideband: { name: 'wideband', ie: 0, bpl: 25.1, codecDelayMs: 26.5 },
};

export interface EModelInputs {
  codec: CodecProfile;
  /** Interarrival jitter, ms. */
  jitterMs: number;
  /** Packet loss, percent (0–100). */
  lossPercent: number;
  /** Round-trip time, ms; null when unknown (then counted as 0). */
  rttMs: number | null;
}

/** R's starting value with the default G.107 parameters (Ro − Is, A = 0). */
export const R_DEFAULT = 93.2;

/** Mouth-to-ear delay: half the round trip, a jitter buffer twice the jitter, and the codec. */
export function oneWayDelayMs(inputs: Pick<EModelInputs, 'codec' | 'jitterMs' | 'rttMs'>): number {
  return (inputs.rttMs ?? 0) / 2 + 2 * inputs.jitterMs + inputs.codec.codecDelayMs;
}

/** Delay impairment Id (Cole & Rosenbluth's fit of G.107's Idd for echo-free calls). */
export function delayImpairment(delayMs: number): number {
  return 0.024 * delayMs + (delayMs > 177.3 ? 0.11 * (delayMs - 177.3) : 0);
}

/** Effective equipment impairment Ie,eff for random loss (BurstR = 1). */
export function effectiveEquipmentImpairment(codec: CodecProfile, lossPercent: number): number {
  const ppl = Math.min(100, Math.max(0, lossPercent));
  return codec.ie + ((95 - codec.ie) * ppl) / (ppl + codec.bpl);
}

export function rFactor(inputs: EModelInputs): number {
  const r = R_DEFAULT - delayImpairment(oneWayDelayMs(inputs)) - effectiveEquipmentImpairment(inputs.codec, inputs.lossPercent);
  return Math.min(100, Math.max(0, r));
}

/** G.107 Annex B: R to MOS (1 at R ≤ 0, 4.5 at R ≥ 100). */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

export function estimateMos(inputs: EModelInputs): number {
  return mosFromR(rFactor(inputs));
}

/** MOS ≥ 4.0 is good (toll quality), ≥ 3.6 fair (most users satisfied), below that poor. */
export const GRADE_THRESHOLDS = { good: 4.0, fair: 3.6 } as const;

export function gradeOf(mos: number): QualityGrade {
  if (mos >= GRADE_THRESHOLDS.good) return 'good';
  if (mos >= GRADE_THRESHOLDS.fair) return 'fair';
  return 'poor';
}
