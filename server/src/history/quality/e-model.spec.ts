import { describe, expect, it } from 'vitest';
import { CODECS, delayImpairment, effectiveEquipmentImpairment, estimateMos, gradeOf, mosFromR, oneWayDelayMs, rFactor } from './e-model';

describe('E-model (simplified G.107)', () => {
  it('gives the README worked example: G.711, 1 ms jitter, no loss, no RTT → R 92.67, MOS 4.40', () => {
    const inputs = { codec: CODECS.g711, jitterMs: 1, lossPercent: 0, rttMs: null };
    expect(oneWayDelayMs(inputs)).toBe(22);
    expect(delayImpairment(22)).toBeCloseTo(0.528, 6);
    expect(rFactor(inputs)).toBeCloseTo(92.672, 6);
    expect(estimateMos(inputs)).toBeCloseTo(4.3988, 4);
  });

  it('gives the README loss example: G.711, 20 ms jitter, 5 % loss, 100 ms RTT → MOS 3.81 (fair)', () => {
    const inputs = { codec: CODECS.g711, jitterMs: 20, lossPercent: 5, rttMs: 100 };
    expect(oneWayDelayMs(inputs)).toBe(110);
    expect(effectiveEquipmentImpairment(CODECS.g711, 5)).toBeCloseTo(15.7807, 4);
    expect(rFactor(inputs)).toBeCloseTo(74.7793, 4);
    expect(estimateMos(inputs)).toBeCloseTo(3.8124, 4);
    expect(gradeOf(estimateMos(inputs))).toBe('fair');
  });

  it('adds the long-delay term beyond 177.3 ms and the codec impairment of G.729', () => {
    expect(delayImpairment(277.3)).toBeCloseTo(0.024 * 277.3 + 11, 6);
    const g729 = estimateMos({ codec: CODECS.g729, jitterMs: 1, lossPercent: 0, rttMs: 0 });
    expect(g729).toBeLessThan(estimateMos({ codec: CODECS.g711, jitterMs: 1, lossPercent: 0, rttMs: 0 }));
    expect(g729).toBeCloseTo(mosFromR(93.2 - 0.024 * 27 - 11), 6);
  });

  it('keeps MOS between 1 and 4.5 for any input, absurd ones included', () => {
    expect(estimateMos({ codec: CODECS.g711, jitterMs: 10_000, lossPercent: 100, rttMs: 60_000 })).toBe(1);
    expect(estimateMos({ codec: CODECS.g711, jitterMs: 0, lossPercent: -5, rttMs: 0 })).toBeLessThanOrEqual(4.5);
    expect(effectiveEquipmentImpairment(CODECS.g711, 500)).toBeCloseTo(0 + (95 * 100) / 125.1, 6);
    expect(mosFromR(-3)).toBe(1);
    expect(mosFromR(120)).toBe(4.5);
  });

  it('grades by the documented thresholds', () => {
    expect(gradeOf(4.0)).toBe('good');
    expect(gradeOf(3.99)).toBe('fair');
    expect(gradeOf(3.6)).toBe('fair');
    expect(gradeOf(3.59)).toBe('poor');
  });
});
