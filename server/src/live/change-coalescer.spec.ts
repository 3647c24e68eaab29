import { describe, expect, it } from 'vitest';
import type { ModelChange } from '@ondeck/shared';
import { ChangeCoalescer, mergeChanges } from './change-coalescer';
import { extension } from './panel-fixtures.testing';
import type { CoalescerTimers } from './change-coalescer';

/** Timers that only fire when the test says so. */
class HandTimers implements CoalescerTimers {
  time = 0;
  private pending: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, fn, cancelled: false };
    this.pending.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void {
    (handle as { cancelled: boolean }).cancelled = true;
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.pending.filter((t) => t.at <= this.time && !t.cancelled);
    this.pending = this.pending.filter((t) => t.at > this.time && !t.cancelled);
    for (const t of due) t.fn();
  }
}

const ext = (number: string, state: 'NOT_INUSE' | 'INUSE' | 'RINGING', op: 'added' | 'updated' = 'updated'): ModelChange => ({
  kind: 'extension',
  op,
  id: number,
  value: { ...extension(number), deviceState: state },
});
const removed = (number: string): ModelChange => ({ kind: 'extension', op: 'removed', id: number });

function setup() {
  const timers = new HandTimers();
  const batches: ModelChange[][] = [];
  const coalescer = new ChangeCoalescer((changes) => batches.push(changes), timers, 250);
  return { timers, batches, coalescer };
}

describe('ChangeCoalescer', () => {
  it('sends the first change on the next tick and collapses a burst into one batch per interval', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'RINGING'));
    timers.advance(0);
    expect(batches).toHaveLength(1);
    for (let i = 0; i < 50; i += 1) coalescer.push(ext('1001', i % 2 === 0 ? 'INUSE' : 'RINGING'));
    coalescer.push(ext('1001', 'NOT_INUSE'));
    timers.advance(100);
    expect(batches).toHaveLength(1);
    timers.advance(150);
    expect(batches).toHaveLength(2);
    expect(batches[1]).toHaveLength(1);
    const latest = batches[1]?.[0];
    expect(latest?.kind === 'extension' && latest.value?.deviceState).toBe('NOT_INUSE');
  });

  it('never loses a removal and keeps cross-object order by latest change', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'INUSE'));
    coalescer.push(ext('1002', 'INUSE'));
    coalescer.push(removed('1001'));
    coalescer.push(ext('1003', 'RINGING'));
    timers.advance(0);
    expect(batches[0]?.map((c) => `${c.id}:${c.op}`)).toEqual(['1002:updated', '1001:removed', '1003:updated']);
  });

  it('keeps an object the client has not seen as added, and re-adds after a removal', () => {
    expect(mergeChanges(ext('1', 'RINGING', 'added'), ext('1', 'INUSE')).op).toBe('added');
    expect(mergeChanges(removed('1'), ext('1', 'INUSE')).op).toBe('added');
    expect(mergeChanges(ext('1', 'INUSE', 'added'), removed('1')).op).toBe('removed');
    expect(mergeChanges(ext('1', 'INUSE'), ext('1', 'RINGING')).op).toBe('updated');
  });

  it('drops buffered changes on discard (a snapshot replaces them) and sends nothing empty', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'INUSE'));
    coalescer.discard();
    timers.advance(1000);
    coalescer.flushNow();
    expect(batches).toEqual([]);
  });
});
