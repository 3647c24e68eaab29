import type { AmiTimers } from '../timers';

interface ScheduledTimer {
  id: number;
  due: number;
  callback: () => void;
}

/** Timers that only fire when a test advances time: backoff and deadlines without sleeping. */
export class ManualTimers implements AmiTimers {
  /** Every delay ever requested, in order, for backoff assertions. */
  readonly requested: number[] = [];
  private nowMs = Date.UTC(2026, 10, 21, 12, 0, 0);
  private nextId = 1;
  private scheduled: ScheduledTimer[] = [];

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

  get pendingCount(): number {
    return this.scheduled.length;
  }
}
