import { describe, expect, it } from 'vitest';
import type { ModelChange } from '@ondeck/shared';
import { ChangeCoalescer, mergeChanges } from './change-coalescer';
import { extension } from './testing/panel-fixtures';
import { ManualTimers } from '../lib/testing/manual-timers';

type ExtState = 'NOT_INUSE' | 'INUSE' | 'RINGING';
const ext = (number: string, state: ExtState, op: 'added' | 'updated' = 'updated'): ModelChange => ({
  kind: 'extension',
  op,
  id: number,
  value: { ...extension(number), deviceState: state },
});
const removed = (number: string): ModelChange => ({ kind: 'extension', op: 'removed', id: number });
const stateOf = (change: ModelChange | undefined): string | undefined =>
  change?.kind === 'extension' ? change.value?.deviceState : undefined;
const describeBatch = (batch: ModelChange[] | undefined): string[] => (batch ?? []).map((c) => `${c.id}:${c.op}:${stateOf(c) ?? '-'}`);

const INTERVAL = 250;
const WINDOW = 10;

function setup() {
  const timers = new ManualTimers();
  const start = timers.now();
  /** Each delta with the time it left, in ms since the test began. */
  const batches: Array<{ at: number; changes: ModelChange[] }> = [];
  const coalescer = new ChangeCoalescer((changes) => batches.push({ at: timers.now() - start, changes }), timers, INTERVAL, WINDOW);
  return { timers, batches, coalescer };
}

describe('ChangeCoalescer', () => {
  it("sends an object's first change on the next tick", () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'RINGING'));
    expect(batches).toHaveLength(0);
    timers.advance(0);
    expect(batches.map((b) => describeBatch(b.changes))).toEqual([['1001:updated:RINGING']]);
  });

  it('holds a second change of the same object until its interval ends, then sends the latest', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'RINGING'));
    timers.advance(0);
    timers.advance(40);
    for (let i = 0; i < 50; i += 1) coalescer.push(ext('1001', i % 2 === 0 ? 'INUSE' : 'RINGING'));
    coalescer.push(ext('1001', 'NOT_INUSE'));
    timers.advance(INTERVAL - 40 - 1);
    expect(batches).toHaveLength(1);
    timers.advance(1);
    expect(batches).toHaveLength(2);
    expect(batches[1]?.at).toBe(INTERVAL);
    expect(describeBatch(batches[1]?.changes)).toEqual(['1001:updated:NOT_INUSE']);
  });

  it('caps one object at one update per interval however long the burst lasts', () => {
    const { timers, batches, coalescer } = setup();
    for (let t = 0; t < 1000; t += 5) {
      coalescer.push(ext('1001', t % 10 === 0 ? 'INUSE' : 'RINGING'));
      timers.advance(5);
    }
    timers.advance(INTERVAL);
    const times = batches.map((b) => b.at);
    for (let i = 1; i < times.length; i += 1) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(INTERVAL);
    expect(times.length).toBeLessThanOrEqual(5);
    expect(stateOf(batches.at(-1)?.changes[0])).toBe('RINGING');
  });

  it('does not hold an object back because another object was just sent', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'INUSE'));
    timers.advance(0);
    coalescer.push(ext('1001', 'RINGING'));
    timers.advance(50);
    coalescer.push(ext('1002', 'RINGING'));
    timers.advance(0);
    expect(batches.map((b) => [b.at, ...describeBatch(b.changes)])).toEqual([
      [0, '1001:updated:INUSE'],
      [50, '1002:updated:RINGING'],
    ]);
    timers.advance(INTERVAL);
    expect(batches[2]).toEqual({ at: INTERVAL, changes: [ext('1001', 'RINGING')] });
  });

  it('sends a burst of many distinct objects as one delta', () => {
    const { timers, batches, coalescer } = setup();
    const numbers = Array.from({ length: 500 }, (_, i) => String(2000 + i));
    for (const number of numbers) coalescer.push(ext(number, 'INUSE'));
    timers.advance(0);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.changes.map((c) => c.id)).toEqual(numbers);
  });

  it('spaces deltas of a busy socket by the batch window and gathers what came in between', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'INUSE'));
    timers.advance(0);
    coalescer.push(ext('1002', 'INUSE'));
    timers.advance(3);
    coalescer.push(ext('1003', 'INUSE'));
    timers.advance(WINDOW);
    expect(batches.map((b) => [b.at, ...b.changes.map((c) => c.id)])).toEqual([
      [0, '1001'],
      [WINDOW, '1002', '1003'],
    ]);
  });

  it('never loses a removal inside a window, and re-adding after it arrives as added', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'INUSE', 'added'));
    timers.advance(0);
    coalescer.push(ext('1001', 'RINGING'));
    coalescer.push(removed('1001'));
    timers.advance(INTERVAL);
    expect(describeBatch(batches[1]?.changes)).toEqual(['1001:removed:-']);

    coalescer.push(ext('1001', 'RINGING', 'added'));
    coalescer.push(removed('1001'));
    coalescer.push(ext('1001', 'NOT_INUSE'));
    timers.advance(INTERVAL);
    expect(describeBatch(batches[2]?.changes)).toEqual(['1001:added:NOT_INUSE']);
    expect(batches).toHaveLength(3);
  });

  it('lists the objects of one delta in the order of their latest change', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'INUSE'));
    coalescer.push(ext('1002', 'INUSE'));
    coalescer.push(removed('1001'));
    coalescer.push(ext('1003', 'RINGING'));
    timers.advance(0);
    expect(batches[0]?.changes.map((c) => `${c.id}:${c.op}`)).toEqual(['1002:updated', '1001:removed', '1003:updated']);
  });

  it('ends every object in its latest state whatever order held and fresh objects leave in', () => {
    const { timers, batches, coalescer } = setup();
    const latest = new Map<string, string>();
    const states: ExtState[] = ['INUSE', 'RINGING', 'NOT_INUSE'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 400; step += 1) {
      const number = String(1000 + random(20));
      if (random(10) === 0) {
        coalescer.push(removed(number));
        latest.set(number, 'removed');
      } else {
        const state = states[random(3)] ?? 'INUSE';
        coalescer.push(ext(number, state));
        latest.set(number, state);
      }
      timers.advance(random(30));
    }
    timers.advance(INTERVAL);
    const seen = new Map<string, string>();
    for (const batch of batches) for (const c of batch.changes) seen.set(c.id, c.op === 'removed' ? 'removed' : (stateOf(c) ?? '?'));
    expect(seen).toEqual(latest);
  });

  it('keeps an object the client has not seen as added, and re-adds after a removal', () => {
    expect(mergeChanges(ext('1', 'RINGING', 'added'), ext('1', 'INUSE')).op).toBe('added');
    expect(mergeChanges(removed('1'), ext('1', 'INUSE')).op).toBe('added');
    expect(mergeChanges(ext('1', 'INUSE', 'added'), removed('1')).op).toBe('removed');
    expect(mergeChanges(ext('1', 'INUSE'), ext('1', 'RINGING')).op).toBe('updated');
  });

  it('forgets when an object was sent once its interval has passed', () => {
    const { timers, coalescer } = setup();
    for (let i = 0; i < 100; i += 1) coalescer.push(ext(String(3000 + i), 'INUSE'));
    timers.advance(0);
    expect(coalescer.trackedObjects).toBe(100);
    timers.advance(INTERVAL);
    coalescer.push(ext('4000', 'INUSE'));
    timers.advance(WINDOW);
    expect(coalescer.trackedObjects).toBe(1);
    expect(timers.pendingCount).toBe(0);
  });

  it('sends held objects on flushNow and sends nothing empty', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'INUSE'));
    timers.advance(0);
    coalescer.push(ext('1001', 'RINGING'));
    coalescer.flushNow();
    expect(describeBatch(batches[1]?.changes)).toEqual(['1001:updated:RINGING']);
    coalescer.flushNow();
    timers.advance(INTERVAL * 2);
    expect(batches).toHaveLength(2);
  });

  it('drops buffered and held changes on discard (a snapshot replaces them)', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push(ext('1001', 'INUSE'));
    timers.advance(0);
    coalescer.push(ext('1001', 'RINGING'));
    coalescer.push(ext('1002', 'INUSE'));
    coalescer.discard();
    timers.advance(1000);
    coalescer.flushNow();
    expect(batches).toHaveLength(1);
    expect(coalescer.trackedObjects).toBe(0);
    coalescer.push(ext('1001', 'NOT_INUSE'));
    timers.advance(0);
    expect(describeBatch(batches[1]?.changes)).toEqual(['1001:updated:NOT_INUSE']);
  });
});
