import { beforeEach, describe, expect, it, vi } from 'vitest';
import { watch } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { CallView, ExtensionView, PbxSnapshot } from '@ondeck/shared';
import { REDRAW_INTERVAL_MS, usePbxStore } from './pbx';
import type { OnDeckSocket } from './socket';

type Listener = (...args: unknown[]) => void;

/** Just enough of a Socket.IO client socket: handlers by event, and what the store sent. */
class FakeSocket {
  connected = true;
  readonly handlers = new Map<string, Listener[]>();
  readonly sent: Array<{ event: string; payload: unknown }> = [];
  ackWith: unknown = { ok: true, data: { seq: 0 } };

  on(event: string, handler: Listener): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  emit(event: string, payload: unknown, ack?: (result: unknown) => void): this {
    this.sent.push({ event, payload });
    ack?.(this.ackWith);
    return this;
  }
  timeout(): { emitWithAck: (event: string, payload: unknown) => Promise<unknown> } {
    return {
      emitWithAck: async (event, payload) => {
        this.sent.push({ event, payload });
        return this.ackWith;
      },
    };
  }
}

const ext = (number: string, extra: Partial<ExtensionView> = {}): ExtensionView => ({
  number,
  deviceState: 'NOT_INUSE',
  registration: { contacts: [], reachable: true },
  dnd: false,
  callIds: [],
  ...extra,
});

const callView = (id: string): CallView => ({
  id,
  direction: 'internal',
  state: 'up',
  parties: [],
  relations: [],
  extensions: ['1001'],
  spiedBy: [],
  startedAt: 1,
  legs: [],
});

const snapshot = (parts: Partial<PbxSnapshot> = {}): PbxSnapshot => ({ stale: false, extensions: [], calls: [], queues: [], ...parts });

let socket: FakeSocket;
let store: ReturnType<typeof usePbxStore>;

beforeEach(() => {
  setActivePinia(createPinia());
  store = usePbxStore();
  socket = new FakeSocket();
  store.attach(socket as unknown as OnDeckSocket);
  socket.fire('panel:snapshot', {
    seq: 1,
    snapshot: snapshot({ extensions: [ext('1002'), ext('1001')], calls: [callView('c1')] }),
    pauseReasons: ['Lunch'],
  });
});

describe('pbx store', () => {
  it('loads a snapshot, sorted, and is live', () => {
    expect(store.extensions.map((e) => e.number)).toEqual(['1001', '1002']);
    expect(store.calls.map((c) => c.id)).toEqual(['c1']);
    expect(store.stale).toBe(false);
    expect(store.pauseReasons).toEqual(['Lunch']);
  });

  it('applies the next delta: updates, additions and removals', () => {
    socket.fire('panel:delta', {
      seq: 2,
      changes: [
        { kind: 'extension', op: 'updated', id: '1001', value: ext('1001', { dnd: true }) },
        { kind: 'call', op: 'removed', id: 'c1' },
        { kind: 'call', op: 'added', id: 'c2', value: callView('c2') },
      ],
    });
    expect(store.extension('1001')?.dnd).toBe(true);
    expect(store.calls.map((c) => c.id)).toEqual(['c2']);
    expect(store.seq).toBe(2);
  });

  it('redraws a burst of deltas at most every REDRAW_INTERVAL_MS, ending on the latest state', () => {
    vi.useFakeTimers();
    try {
      const seen: boolean[] = [];
      const stop = watch(() => store.extensions, (list) => seen.push(list.find((e) => e.number === '1001')?.dnd ?? false), { flush: 'sync' });
      socket.fire('panel:delta', { seq: 2, changes: [{ kind: 'extension', op: 'updated', id: '1001', value: ext('1001', { dnd: true }) }] });
      expect(seen).toEqual([true]);
      socket.fire('panel:delta', { seq: 3, changes: [{ kind: 'extension', op: 'updated', id: '1001', value: ext('1001', { dnd: false }) }] });
      socket.fire('panel:delta', { seq: 4, changes: [{ kind: 'extension', op: 'updated', id: '1001', value: ext('1001', { dnd: true }) }] });
      expect(store.extension('1001')?.dnd).toBe(true); // the data itself is current at once
      expect(seen).toEqual([true]);
      vi.advanceTimersByTime(REDRAW_INTERVAL_MS);
      expect(seen).toEqual([true, true]);
      expect(store.seq).toBe(4);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks for a resync on a seq gap and does not apply the out-of-order delta', () => {
    socket.fire('panel:delta', { seq: 3, changes: [{ kind: 'call', op: 'removed', id: 'c1' }] });
    expect(socket.sent).toEqual([{ event: 'panel:resync', payload: {} }]);
    expect(store.call('c1')).toBeDefined();
    expect(store.stale).toBe(true);
    socket.fire('panel:snapshot', { seq: 4, snapshot: snapshot(), pauseReasons: [] });
    expect(store.stale).toBe(false);
    expect(store.calls).toEqual([]);
  });

  it('keeps the data marked not live when a resync is refused, and asks again after the wait the server gave', () => {
    vi.useFakeTimers();
    try {
      socket.ackWith = { ok: false, error: { code: 'rate_limited', message: 'Too many refreshes at once. Wait a moment.', retryAfter: 2 } };
      socket.fire('panel:delta', { seq: 3, changes: [] });
      expect(socket.sent).toHaveLength(1);
      socket.fire('panel:delta', { seq: 5, changes: [] });
      expect(socket.sent).toHaveLength(1); // one request at a time
      expect(store.stale).toBe(true);
      socket.ackWith = { ok: true, data: { seq: 6 } };
      vi.advanceTimersByTime(2000);
      expect(socket.sent).toHaveLength(2);
      expect(store.stale).toBe(true); // until the snapshot arrives
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes queue thresholds from the snapshot and from a later push; unset queues use the defaults', () => {
    expect(store.thresholdsOf('sales')).toEqual({ maxWaitSeconds: 60, maxWaiting: 5, minServiceLevel: 80 });
    const sales = { maxWaitSeconds: 20, maxWaiting: 2, minServiceLevel: 90 };
    socket.fire('panel:snapshot', { seq: 2, snapshot: snapshot(), pauseReasons: [], queueThresholds: { sales } });
    expect(store.thresholdsOf('sales')).toEqual(sales);
    socket.fire('panel:thresholds', { queueThresholds: {} });
    expect(store.thresholdsOf('sales').maxWaitSeconds).toBe(60);
  });

  it('ignores a delta it has already seen', () => {
    socket.fire('panel:delta', { seq: 1, changes: [{ kind: 'call', op: 'removed', id: 'c1' }] });
    expect(store.call('c1')).toBeDefined();
    expect(socket.sent).toEqual([]);
  });

  it('is stale while the socket is down and while the PBX link is down', () => {
    socket.fire('disconnect', 'transport close');
    expect(store.stale).toBe(true);
    socket.fire('connect');
    expect(store.stale).toBe(true); // no snapshot on the new connection yet
    socket.fire('panel:snapshot', { seq: 1, snapshot: snapshot(), pauseReasons: [] });
    expect(store.stale).toBe(false);
    socket.fire('panel:delta', { seq: 2, changes: [{ kind: 'status', op: 'updated', id: 'pbx', value: { stale: true } }] });
    expect(store.stale).toBe(true);
    socket.fire('panel:snapshot', { seq: 3, snapshot: snapshot({ stale: true }), pauseReasons: [] });
    expect(store.stale).toBe(true);
  });

  it('sends actions with their payload and reports a missing connection without sending', async () => {
    socket.ackWith = { ok: true, data: { message: 'ok' } };
    await expect(store.spy({ callId: 'c1', mode: 'whisper' })).resolves.toEqual({ ok: true, data: { message: 'ok' } });
    expect(socket.sent.at(-1)).toEqual({ event: 'panel:spy', payload: { callId: 'c1', mode: 'whisper' } });
    socket.connected = false;
    const result = await store.hangup({ callId: 'c1' });
    expect(result.ok).toBe(false);
    expect(socket.sent.at(-1)?.event).toBe('panel:spy');
  });
});
