import type { ModelChange } from '@ondeck/shared';
import { systemTimers, type AmiTimers } from '../pbx/ami/timers';

/** Same injectable clock and timers as the AMI client, so tests move time by hand. */
export type CoalescerTimers = AmiTimers;
export const systemCoalescerTimers: CoalescerTimers = systemTimers;

export const DEFAULT_FLUSH_INTERVAL_MS = 250;

const keyOf = (change: ModelChange): string => `${change.kind}:${change.id}`;

/**
 * Merges two changes to the same object so the client ends in the same state as if it had
 * seen both: the latest value wins, a removal is never dropped, and an object the client
 * has not seen yet stays `added`.
 */
export function mergeChanges(earlier: ModelChange, later: ModelChange): ModelChange {
  if (later.op === 'removed') return later;
  if (earlier.op === 'added') return { ...later, op: 'added' } as ModelChange;
  if (earlier.op === 'removed') return { ...later, op: 'added' } as ModelChange;
  return later;
}

/**
 * One socket's outgoing buffer. Changes are collected and flushed at most once per
 * interval (the first change after a quiet period goes out on the next tick). While
 * buffered, changes to the same object collapse into one; the batch lists objects in the
 * order of their latest change, so cross-object order is preserved.
 */
export class ChangeCoalescer {
  private readonly pending = new Map<string, ModelChange>();
  private timer: unknown;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly flush: (changes: ModelChange[]) => void,
    private readonly timers: CoalescerTimers = systemCoalescerTimers,
    private readonly intervalMs = DEFAULT_FLUSH_INTERVAL_MS,
  ) {}

  push(change: ModelChange): void {
    const key = keyOf(change);
    const earlier = this.pending.get(key);
    this.pending.delete(key);
    this.pending.set(key, earlier ? mergeChanges(earlier, change) : change);
    this.schedule();
  }

  /** Drops everything buffered: a full snapshot is about to replace it. */
  discard(): void {
    this.pending.clear();
    this.cancel();
  }

  /** Sends what is buffered now (tests, shutdown). */
  flushNow(): void {
    this.cancel();
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.lastFlushAt = this.timers.now();
    this.flush(batch);
  }

  close(): void {
    this.discard();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastFlushAt + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.flushNow();
    }, wait);
  }

  private cancel(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
