import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

const NO_JITTER = { baseMs: 1000, capMs: 30_000, jitter: 0 };

describe('backoffDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffDelayMs(attempt, NO_JITTER))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('spreads by at most the jitter share, never above the nominal delay', () => {
    const options = { baseMs: 1000, capMs: 30_000, jitter: 0.2 };
    expect(backoffDelayMs(1, options, () => 0)).toBe(800);
    expect(backoffDelayMs(1, options, () => 0.999999)).toBe(1000);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses attempt %s', (attempt) => {
    expect(() => backoffDelayMs(attempt)).toThrow(RangeError);
  });
});
