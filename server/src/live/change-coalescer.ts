import type { ModelChange } from '@ondeck/shared';
import { systemTimers, type Timers } from '../lib/clock';

/** How often one object may update on one socket: at most 4 times a second. */
export const DEFAULT_FLUSH_INTERVAL_MS = 250;
/**
 * The shortest gap between two deltas on one socket while it is busy. About one frame of a
 * 60 Hz screen, so a browser never gets more deltas than it can paint, and a burst of many
 * objects becomes one emit instead of hundreds.
 */
export const DEFAULT_BATCH_WINDOW_MS = 16;

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
 * One socket's outgoing buffer, rate-limited per object rather than per socket, so a busy
 * socket does not make every change wait for one shared window.
 *
 * - A change to an object not sent to this socket within the last interval goes out on the
 *   next tick: at once on a quiet socket, or at most one batch window after the previous
 *   delta on a busy one. Everything ready by then leaves together as one delta.
 * - A change to an object sent within the interval is held, merged with later changes to the
 *   same object (`mergeChanges`), and sent when that object's interval has passed. So no object
 *   updates more than about 4 times a second, and its latest state always arrives.
 *
 * Order: each object's changes arrive in order (there is only ever one pending change per
 * object), but a held object may arrive after objects that changed later. That is safe
 * because the client applies every change on its own, keyed by kind and id (pbx store), and
 * nothing in a change depends on another object's: a call names extensions by number, not
 * by their state. Views may briefly show two objects at different moments, for at most one
 * interval; the final state is always the latest of every object. Removal and re-adding
 * under the same id collapse into one change per object, so they cannot be reordered.
 * Within one delta, objects come in the order of their latest change, then those whose hold
 * has just ended. Deltas leave one at a time through `flush`, which numbers them (seq in
 * live.socket.ts), so holding never makes a gap in the sequence.
 *
 * The per-object "last sent" times are kept only while they can still hold a change: entries
 * older than the interval are pruned on every tick, so the bookkeeping is bounded by what
 * was sent in the last interval.
 */
export class ChangeCoalescer {
  /** Changes that may leave on the next tick, in the order of their latest change. */
  private readonly ready = new Map<string, ModelChange>();
  /** Changes waiting for their object's interval to pass. */
  private readonly held = new Map<string, ModelChange>();
  /**
   * When each object was last sent, oldest first (a send re-inserts at the end), so a tick
   * finds the objects whose interval has passed at the front and stops at the first that has not.
   */
  private readonly sentAt = new Map<string, number>();
  private timer: unknown;
  private timerAt = Number.POSITIVE_INFINITY;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private readonly batchWindowMs: number;

  constructor(
    private readonly flush: (changes: ModelChange[]) => void,
    private readonly timers: Timers = systemTimers,
    private readonly intervalMs = DEFAULT_FLUSH_INTERVAL_MS,
    batchWindowMs = DEFAULT_BATCH_WINDOW_MS,
  ) {
    this.batchWindowMs = Math.min(batchWindowMs, intervalMs);
  }

  push(change: ModelChange): void {
    const key = keyOf(change);
    const now = this.timers.now();
    const sent = this.sentAt.get(key);
    const heldUntil = sent === undefined ? Number.NEGATIVE_INFINITY : sent + this.intervalMs;
    const queue = this.held.has(key) || heldUntil > now ? this.held : this.ready;
    const earlier = queue.get(key);
    queue.delete(key);
    queue.set(key, earlier ? mergeChanges(earlier, change) : change);
    this.schedule(Math.max(now, queue === this.held ? heldUntil : now, this.lastFlushAt + this.batchWindowMs));
  }

  /** Drops everything buffered: a full snapshot is about to replace it, so nothing is held either. */
  discard(): void {
    this.ready.clear();
    this.held.clear();
    this.sentAt.clear();
    this.cancel();
  }

  /** Sends everything buffered now, held objects included (tests, shutdown). */
  flushNow(): void {
    this.cancel();
    for (const [key, change] of this.held) this.ready.set(key, change);
    this.held.clear();
    this.send(this.timers.now());
  }

  close(): void {
    this.discard();
  }

  /** How many objects are remembered as recently sent (tests check the pruning). */
  get trackedObjects(): number {
    return this.sentAt.size;
  }

  private tick(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.timers.now();
    this.release(now);
    this.send(now);
    if (this.held.size === 0) return;
    const oldest = this.sentAt.values().next();
    const nextRelease = oldest.done ? now : oldest.value + this.intervalMs;
    this.schedule(Math.max(nextRelease, this.lastFlushAt + this.batchWindowMs));
  }

  /** Forgets objects whose interval has passed (the oldest, at the front) and frees what they held. */
  private release(now: number): void {
    for (const [key, at] of this.sentAt) {
      if (at + this.intervalMs > now) return;
      this.sentAt.delete(key);
      const change = this.held.get(key);
      if (!change) continue;
      this.held.delete(key);
      this.ready.set(key, change);
    }
  }

  private send(now: number): void {
    if (this.ready.size === 0) return;
    const batch = [...this.ready.values()];
    for (const key of this.ready.keys()) {
      this.sentAt.delete(key);
      this.sentAt.set(key, now);
    }
    this.ready.clear();
    this.lastFlushAt = now;
    this.flush(batch);
  }

  /** Keeps one timer, at the earliest moment something may leave. */
  private schedule(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.cancel();
    this.timerAt = at;
    this.timer = this.timers.setTimeout(() => this.tick(), Math.max(0, at - this.timers.now()));
  }

  private cancel(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}
