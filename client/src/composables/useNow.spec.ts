import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import type { CallView, ExtensionView } from '@ondeck/shared';
import ExtensionTile from '../components/panel/ExtensionTile.vue';

/** Stands in for the browser's observer; the test says which tiles are on screen. */
class FakeIntersectionObserver {
  static instance: FakeIntersectionObserver | undefined;
  readonly targets = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.instance = this;
  }
  observe(target: Element): void {
    this.targets.add(target);
  }
  unobserve(target: Element): void {
    this.targets.delete(target);
  }
  disconnect(): void {
    this.targets.clear();
  }
  show(target: Element, isIntersecting: boolean): void {
    this.callback([{ target, isIntersecting } as IntersectionObserverEntry], this as unknown as IntersectionObserver);
  }
}

const extension: ExtensionView = { number: '1001', deviceState: 'INUSE', registration: { contacts: [], reachable: true }, dnd: false, callIds: ['c1'] };
const call: CallView = {
  id: 'c1',
  direction: 'internal',
  state: 'up',
  parties: [{ number: '1002', extension: '1002', external: false, channel: 'PJSIP/1002-1' }],
  relations: [],
  extensions: ['1001', '1002'],
  spiedBy: [],
  startedAt: 0,
  answeredAt: 0,
  legs: [],
};

describe('tile timers on the shared tick', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('ticks every second while the tile is on screen, stops off screen and catches up when it is back', async () => {
    const wrapper = mount(ExtensionTile, { props: { extension, call, stale: false } });
    // The tile's root <button>, typed (a component wrapper's `element` is `any`).
    const tile = wrapper.get('button').element;
    await nextTick();
    const observer = FakeIntersectionObserver.instance;
    expect(observer?.targets.has(tile)).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(wrapper.find('.timer').text()).toBe('0:05');

    observer?.show(tile, false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(wrapper.find('.timer').text()).toBe('0:05');

    observer?.show(tile, true);
    await nextTick();
    expect(wrapper.find('.timer').text()).toBe('0:15');

    wrapper.unmount();
    expect(observer?.targets.size).toBe(0);
  });
});
