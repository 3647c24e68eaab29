import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { ExtensionView } from '@ondeck/shared';
import ExtensionGrid from './ExtensionGrid.vue';

const extensions = (count: number): ExtensionView[] =>
  Array.from({ length: count }, (_, i) => ({
    number: String(10_000 + i),
    name: `Agent ${i}`,
    deviceState: 'NOT_INUSE',
    registration: { contacts: [], reachable: true },
    dnd: false,
    callIds: [],
  }));

/*
 * happy-dom does no layout, so the test gives the grid one: 1,000 px wide and placed 100 px
 * below the top of the page, which scrolls on the window. With 16 px rem that is 5 columns of
 * 11rem + 0.5rem gap, and a row pitch of 5.75rem + 0.5rem = 100 px.
 */
const GRID_TOP = 100;
const VIEWPORT = 800;
let scrollY = 0;

function layOut(): void {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const top = this.tagName === 'UL' ? GRID_TOP - scrollY : 0;
    return DOMRect.fromRect({ x: 0, y: top, width: this.tagName === 'UL' ? 1000 : 0, height: 0 });
  });
  vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(VIEWPORT);
  vi.spyOn(window, 'scrollBy').mockImplementation(((options: ScrollToOptions) => {
    scrollY += options.top ?? 0;
  }) as typeof window.scrollBy);
}

async function scrollTo(y: number): Promise<void> {
  scrollY = y;
  window.dispatchEvent(new Event('scroll'));
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await flushPromises();
}

const numbers = (wrapper: VueWrapper): number[] => wrapper.findAll('.tile').map((tile) => Number(tile.attributes('data-extension')) - 10_000);

let wrapper: VueWrapper | undefined;

beforeEach(() => {
  setActivePinia(createPinia());
  scrollY = 0;
  layOut();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function mountGrid(count: number): Promise<VueWrapper> {
  wrapper = mount(ExtensionGrid, { props: { extensions: extensions(count), compact: false, label: 'Extensions' }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('ExtensionGrid', () => {
  it('renders a small list fully, without windowing', async () => {
    const grid = await mountGrid(150);
    expect(grid.findAll('.tile')).toHaveLength(150);
    expect(grid.find('ul').attributes('style')).toBeUndefined();
    expect(grid.find('li').attributes('aria-setsize')).toBeUndefined();
  });

  it('renders only the rows of a 2,000-tile wall near the screen, with spacers for the rest', async () => {
    const grid = await mountGrid(2000);
    // Rows 0..6 intersect the 800 px viewport (grid starts at 100 px), plus 4 rows of overscan below.
    expect(numbers(grid)).toEqual(Array.from({ length: 11 * 5 }, (_, i) => i));
    const list = grid.find('ul');
    expect(list.attributes('aria-rowcount')).toBe('400');
    expect(list.attributes('style')).toContain('padding-top: 0px');
    // 400 rows of 100 px in all: 11 rendered, 389 stand-ins below.
    expect(list.attributes('style')).toContain('padding-bottom: 38900px');
    const first = grid.find('li');
    expect(first.attributes('aria-setsize')).toBe('2000');
    expect(first.attributes('aria-posinset')).toBe('1');
  });

  it('moves the window with the page scroll', async () => {
    const grid = await mountGrid(2000);
    // Scrolled to row 200: rows 196..211 rendered (4 overscan above, 8 partly visible, 4 below).
    await scrollTo(GRID_TOP + 20_000);
    const middle = numbers(grid);
    expect(middle[0]).toBe(196 * 5);
    expect(middle.at(-1)).toBe(212 * 5 - 1);
    const style = grid.find('ul').attributes('style');
    expect(style).toContain('padding-top: 19600px');
    expect(style).toContain(`padding-bottom: ${(400 - 212) * 100}px`);
    expect(grid.find('li').attributes('aria-posinset')).toBe(String(196 * 5 + 1));
  });

  it('ArrowDown from the last rendered row scrolls the next row in and focuses its tile', async () => {
    const grid = await mountGrid(2000);
    const lastRendered = numbers(grid).at(-1) ?? -1;
    expect(lastRendered).toBe(54);
    const tile = grid.find<HTMLElement>('.tile[data-extension="10052"]');
    tile.element.focus();
    await tile.trigger('keydown', { key: 'ArrowDown' });
    await flushPromises();
    expect(document.activeElement?.getAttribute('data-extension')).toBe('10057');
    expect(numbers(grid)).toContain(57);
    expect(scrollY).toBeGreaterThan(0);
    // And back up a row, then left across the row start.
    await grid.find('.tile[data-extension="10057"]').trigger('keydown', { key: 'ArrowUp' });
    await flushPromises();
    expect(document.activeElement?.getAttribute('data-extension')).toBe('10052');
    await grid.find('.tile[data-extension="10052"]').trigger('keydown', { key: 'ArrowLeft' });
    await flushPromises();
    expect(document.activeElement?.getAttribute('data-extension')).toBe('10051');
  });

  it('renders no tile while the grid is far off screen (another group of a grouped view)', async () => {
    const grid = await mountGrid(2000);
    await scrollTo(GRID_TOP + 100_000);
    expect(numbers(grid)).toEqual([]);
    expect(grid.find('ul').attributes('style')).toContain('padding-top: 40000px');
  });

  it('re-windows when filtering shrinks the list below the threshold', async () => {
    const grid = await mountGrid(2000);
    await grid.setProps({ extensions: extensions(30) });
    await flushPromises();
    expect(grid.findAll('.tile')).toHaveLength(30);
    expect(grid.find('ul').attributes('style')).toBeUndefined();
  });
});
