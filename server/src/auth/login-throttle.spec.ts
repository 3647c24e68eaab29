import { describe, expect, it } from 'vitest';
import type { Clock } from '../lib/clock';
import { LoginThrottle } from './login-throttle';

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 1_000_000;
  return { now: () => now, advance: (ms) => (now += ms) };
}

describe('LoginThrottle', () => {
  it('locks an address on the 10th failure within 5 minutes, for 10 minutes', () => {
    const clock = manualClock();
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 9; i++) expect(throttle.recordFailure('10.0.0.1')).toBe(0);
    expect(throttle.recordFailure('10.0.0.1')).toBe(600);
    expect(throttle.lockedFor('10.0.0.1')).toBe(600);
    clock.advance(599_000);
    expect(throttle.lockedFor('10.0.0.1')).toBe(1);
    clock.advance(1_000);
    expect(throttle.lockedFor('10.0.0.1')).toBe(0);
  });

  it('keeps addresses apart', () => {
    const throttle = new LoginThrottle(manualClock());
    for (let i = 0; i < 10; i++) throttle.recordFailure('10.0.0.1');
    expect(throttle.lockedFor('10.0.0.2')).toBe(0);
  });

  it('drops failures older than the window', () => {
    const clock = manualClock();
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 9; i++) throttle.recordFailure('10.0.0.1');
    clock.advance(5 * 60_000);
    expect(throttle.recordFailure('10.0.0.1')).toBe(0);
  });

  it('clears the count after a success', () => {
    const throttle = new LoginThrottle(manualClock());
    for (let i = 0; i < 9; i++) throttle.recordFailure('10.0.0.1');
    throttle.recordSuccess('10.0.0.1');
    expect(throttle.recordFailure('10.0.0.1')).toBe(0);
  });

  it('takes its limits from options', () => {
    const throttle = new LoginThrottle(manualClock(), { maxFailures: 2, windowMs: 1000, lockoutMs: 30_000 });
    throttle.recordFailure('a');
    expect(throttle.recordFailure('a')).toBe(30);
    expect(throttle.lockoutMinutes).toBe(1);
  });
});
