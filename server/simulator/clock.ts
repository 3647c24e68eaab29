/**
 * Time source for the simulator. Tests and benchmarks use ManualClock so a call that
 * "lasts" minutes runs in microseconds; the demo uses RealClock.
 */
export interface SimClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn after ms of this clock's time; returns a cancel function. */
  schedule(ms: number, fn: () => void): () => void;
}

export class RealClock implements SimClock {
  now(): number {
    return Date.now();
  }

  schedule(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  }
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock that only moves when advance() is called; timers fire in time order. */
export class ManualClock implements SimClock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;

  constructor(start = Date.UTC(2026, 10, 21, 15, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward, firing due timers (including ones they schedule) in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = next.at;
      next.fn();
    }
    this.current = target;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}
