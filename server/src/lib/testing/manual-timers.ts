import type { Timers } from '../clock';

interface ScheduledTimer {
  id: number;
  due: number;
  callback: () => void;
}

/** The one manual clock and timers for tests: timers fire only when a test moves time (no sleeping). */
export class ManualTimers implements Timers {
  /** Every delay ever requested, in order, for backoff assertions. */
  readonly requested: number[] = [];
  private nowMs: number;
  private nextId = 1;
  private scheduled: ScheduledTimer[] = [];

  constructor(start = Date.UTC(2026, 10, 21, 12, 0, 0)) {
    this.nowMs = start;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.requested.push(ms);
    this.scheduled.push({ id, due: this.nowMs + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.scheduled = this.scheduled.filter((timer) => timer.id !== handle);
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const next = this.scheduled.filter((timer) => timer.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.scheduled = this.scheduled.filter((timer) => timer !== next);
      this.nowMs = Math.max(this.nowMs, next.due);
      next.callback();
    }
    this.nowMs = target;
  }

  /**
   * Sets the time (an ISO date or epoch ms). Forward, it fires the timers due by then, like
   * `advance`; backward (a test starting over), it only moves the clock.
   */
  set(at: string | number): void {
    const target = typeof at === 'string' ? Date.parse(at) : at;
    if (target >= this.nowMs) this.advance(target - this.nowMs);
    else this.nowMs = target;
  }

  get pendingCount(): number {
    return this.scheduled.length;
  }
}
