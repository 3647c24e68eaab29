import type { QualityGrade } from '@ondeck/shared';

/** What a QualityBadge shows: the grade, and the E-model inputs behind it where known. */
export interface QualityFigures {
  grade: QualityGrade;
  mos?: number;
  jitterMs?: number;
  lossPercent?: number;
  rttMs?: number | null;
}

export const QUALITY_LABELS: Readonly<Record<QualityGrade, string>> = { good: 'Good', fair: 'Fair', poor: 'Poor' };

/** One decimal at most, no trailing zero: 4.4, 0.6, 12. */
const figure = (value: number): string => String(Math.round(value * 10) / 10);

/**
 * The figures in plain words, for the tooltip and screen readers, e.g.
 * "Call quality good: MOS 4.4 of 4.5, jitter 1.4 ms, packet loss 0 %, round trip 12 ms".
 */
export function qualityDescription(figures: QualityFigures): string {
  const parts: string[] = [];
  if (figures.mos !== undefined) parts.push(`MOS ${figure(figures.mos)} of 4.5`);
  if (figures.jitterMs !== undefined) parts.push(`jitter ${figure(figures.jitterMs)} ms`);
  if (figures.lossPercent !== undefined) parts.push(`packet loss ${figure(figures.lossPercent)} %`);
  if (figures.rttMs !== undefined) parts.push(figures.rttMs === null ? 'round trip not measured yet' : `round trip ${figure(figures.rttMs)} ms`);
  const grade = `Call quality ${QUALITY_LABELS[figures.grade].toLowerCase()}`;
  return parts.length === 0 ? grade : `${grade}: ${parts.join(', ')}`;
}
