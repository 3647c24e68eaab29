/** Time source, injected so tests can move time forward instead of sleeping. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Real time plus an adjustable offset: timers keep working, tests can jump ahead. */
export class OffsetClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/**
 * A clock that can also run a callback later: the one timer abstraction (AMI keep-alive and
 * backoff, action timeouts, the live panel's change coalescing). Tests use
 * `lib/testing/manual-timers.ts`, which fires timers only when the test moves time.
 */
export interface Timers extends Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
