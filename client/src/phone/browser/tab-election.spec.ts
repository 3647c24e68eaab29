import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IllegalTransitionError } from '../state/illegal-transition';
import { TabElection, TabRole, type ElectionChannel } from './tab-election';

/** In-memory BroadcastChannel: delivers to every other channel on the bus, asynchronously like the real one. */
class FakeBus {
  readonly channels = new Set<FakeChannel>();
  /** Messages seen, for assertions on the protocol. */
  readonly log: unknown[] = [];

  channel(): FakeChannel {
    const channel = new FakeChannel(this);
    this.channels.add(channel);
    return channel;
  }
}

class FakeChannel implements ElectionChannel {
  onmessage: ElectionChannel['onmessage'] = null;
  constructor(private readonly bus: FakeBus) {}

  postMessage(message: Parameters<ElectionChannel['postMessage']>[0]): void {
    this.bus.log.push(message);
    for (const other of this.bus.channels) {
      if (other === this) continue;
      queueMicrotask(() => other.onmessage?.({ data: structuredClone(message) } as MessageEvent<unknown>));
    }
  }

  close(): void {
    this.bus.channels.delete(this);
  }
}

let bus: FakeBus;
const tab = (tabId: string): TabElection => new TabElection({ channel: bus.channel(), tabId, answerTimeoutMs: 300 });

beforeEach(() => {
  vi.useFakeTimers();
  bus = new FakeBus();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TabElection', () => {
  it('claims the phone when no other tab answers', async () => {
    const first = tab('a');
    first.start();
    expect(first.role).toBe(TabRole.Electing);
    await vi.advanceTimersByTimeAsync(300);
    expect(first.role).toBe(TabRole.Owner);
    expect(first.ownerId).toBe('a');
  });

  it('stands by when an owner answers, and takes over on request', async () => {
    const owner = tab('a');
    owner.start();
    await vi.advanceTimersByTimeAsync(300);
    const second = tab('b');
    const roles: TabRole[] = [];
    owner.onChange((role) => roles.push(role));
    second.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(second.role).toBe(TabRole.Standby);
    expect(second.ownerId).toBe('a');

    second.takeOver();
    await vi.advanceTimersByTimeAsync(0);
    expect(second.role).toBe(TabRole.Owner);
    expect(owner.role).toBe(TabRole.Standby);
    expect(owner.ownerId).toBe('b');
    expect(roles).toEqual([TabRole.Standby]);
  });

  it('elects a standby tab when the owner closes', async () => {
    const owner = tab('a');
    owner.start();
    await vi.advanceTimersByTimeAsync(300);
    const standby = tab('b');
    standby.start();
    await vi.advanceTimersByTimeAsync(300);
    owner.close();
    expect(owner.role).toBe(TabRole.Closed);
    await vi.advanceTimersByTimeAsync(300);
    expect(standby.role).toBe(TabRole.Owner);
  });

  it('resolves two tabs that claimed at once: the smaller id keeps the phone', async () => {
    const left = tab('a');
    const right = tab('b');
    left.start();
    right.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect([left.role, right.role]).toEqual([TabRole.Owner, TabRole.Standby]);
    expect(right.ownerId).toBe('a');
  });

  it('ignores malformed messages and its own echoes', async () => {
    const owner = tab('a');
    owner.start();
    await vi.advanceTimersByTimeAsync(300);
    const channel = [...bus.channels][0];
    channel?.onmessage?.({ data: { type: 'take-over' } } as MessageEvent<unknown>);
    channel?.onmessage?.({ data: 'take-over' } as MessageEvent<unknown>);
    channel?.onmessage?.({ data: { type: 'take-over', from: 'a' } } as MessageEvent<unknown>);
    expect(owner.role).toBe(TabRole.Owner);
  });

  it('refuses to start twice or after closing', () => {
    const election = tab('a');
    election.start();
    expect(() => election.start()).toThrow(IllegalTransitionError);
    election.close();
    expect(() => election.start()).toThrow(IllegalTransitionError);
    expect(bus.channels.size).toBe(0);
  });
});
