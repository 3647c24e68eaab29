import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../../server/test/harness';
import { startPbxStack, type PbxStack } from '../../server/test/pbx-stack';
import { RealClock, type RunningSimulator } from '../../server/simulator';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { loginAsDemo, openPage, screenshot, type ViewportName } from './support/app';

/**
 * A wall of 2,000 extension tiles in a real browser: the grid renders only the rows near the
 * screen (ExtensionGrid windowing), the page still scrolls its full height, and the keyboard
 * walks across rows that were not rendered yet.
 */
const WALL = Array.from({ length: 2000 }, (_, i) => String(3000 + i));

let stack: PbxStack;
let sim: RunningSimulator;
let server: TestServer;
let launched: LaunchedBrowser;
let browser: Browser;

beforeAll(async () => {
  // Two big queues and a small one: grouped, the wall is four grids (the rest is not in a queue).
  stack = await startPbxStack({
    simulator: { clock: new RealClock(), extensions: WALL, queues: { sales: WALL.slice(0, 700), support: WALL.slice(700, 1300), vip: WALL.slice(1300, 1350) }, rtcpIntervalMs: 0 },
    server: { demo: true, clientDist: CLIENT_DIST },
    syncTimeoutMs: 60_000,
  });
  ({ sim, server } = stack);
  // Calls in the middle of the wall, so its tiles show all three lines (number, name, call).
  for (let i = 0; i < 12; i += 1) sim.scenarios.call(WALL[980 + 2 * i]!, WALL[981 + 2 * i]!).answer();
  sim.scenarios.inbound('+442079460123', WALL[1010]!);
  launched = await launchChromium();
  browser = launched.browser;
}, 120_000);

afterAll(async () => {
  await launched?.close();
  await stack?.stop();
});

/** Tiles in the DOM, as their index in the wall. */
const renderedIndexes = (page: Page): Promise<number[]> =>
  page.$$eval('.grid > li', (items) => items.map((item) => Number((item as HTMLElement).dataset.index)));

/** Windowed tiles have a fixed height: none may cut off its content. */
async function expectNoClippedTile(page: Page): Promise<void> {
  const clipped = await page.$$eval('.grid .tile', (tiles) =>
    tiles.filter((tile) => tile.scrollHeight > tile.clientHeight + 1).map((tile) => (tile as HTMLElement).dataset.extension),
  );
  expect(clipped).toEqual([]);
}

async function openWall(viewport: ViewportName): Promise<{ page: Page; close: () => Promise<void> }> {
  const { context, page } = await openPage(browser, { viewport });
  await loginAsDemo(page, server.url, 'admin');
  await page.goto(`${server.url}/extensions`);
  await page.waitForFunction(() => document.querySelector('[aria-setsize]')?.getAttribute('aria-setsize') === '2000', undefined, { timeout: 30_000 });
  return { page, close: () => context.close() };
}

describe('a wall of 2,000 extensions', () => {
  for (const viewport of ['desktop', 'phone'] as const) {
    it(`renders only rows near the screen and scrolls through all of them (${viewport})`, async () => {
      const { page, close } = await openWall(viewport);
      try {
        const atTop = await renderedIndexes(page);
        expect(atTop[0]).toBe(0);
        expect(atTop.length).toBeLessThan(400);
        // The page is as tall as all 2,000 tiles, so the scrollbar is right.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const columns = Number(await page.locator('.grid').getAttribute('aria-rowcount'));
        expect(height).toBeGreaterThan(columns * 60);

        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2 - window.innerHeight / 2));
        await page.waitForFunction((first) => Number(document.querySelector<HTMLElement>('.grid > li')?.dataset.index) > first, atTop[0] ?? 0);
        const middle = await renderedIndexes(page);
        expect(middle[0]).toBeGreaterThan(500);
        expect(middle.at(-1)).toBeLessThan(1500);
        // Every rendered tile is where the grid says: the first one sits in the viewport's overscan.
        const firstTop = await page.locator('.grid > li').first().evaluate((item) => item.getBoundingClientRect().top);
        expect(firstTop).toBeLessThan(0);
        expect(firstTop).toBeGreaterThan(-1000);
        await page.locator('.grid .timer').first().waitFor();
        await expectNoClippedTile(page);
        await screenshot(page, `panel-wall-middle-${viewport}`);
        await page.getByLabel('Compact').check();
        await page.waitForFunction(() => document.querySelector('.grid.compact'));
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2 - window.innerHeight / 2));
        await page.locator('.grid .timer').first().waitFor();
        await expectNoClippedTile(page);
        await screenshot(page, `panel-wall-middle-compact-${viewport}`);
      } finally {
        await close();
      }
    }, 60_000);
  }

  it('grouped by queue, every grid windows itself: the screen is covered and nothing far off is rendered', async () => {
    const { page, close } = await openWall('desktop');
    try {
      await page.getByLabel('Group by queue').check();
      await page.waitForFunction(() => document.querySelectorAll('ul.grid').length === 4);
      for (const fraction of [0, 0.3, 0.5, 0.62, 0.9, 1]) {
        await page.evaluate((f) => window.scrollTo(0, (document.documentElement.scrollHeight - window.innerHeight) * f), fraction);
        await page.waitForTimeout(150);
        const { far, uncovered, rendered } = await page.evaluate(() => {
          const items = [...document.querySelectorAll('.grid > li')].map((item) => item.getBoundingClientRect());
          // Points down the middle of the screen below the header: each lands on a tile, a gap or a heading, never on a blank spacer area.
          const header = document.querySelector('header')?.getBoundingClientRect().bottom ?? 0;
          const gaps: number[] = [];
          for (let y = header + 20; y < window.innerHeight - 10; y += 40) {
            const inGrid = [...document.querySelectorAll('ul.grid')].some((grid) => {
              const box = grid.getBoundingClientRect();
              return y >= box.top && y <= box.bottom;
            });
            const onItem = items.some((box) => y >= box.top - 12 && y <= box.bottom + 12);
            if (inGrid && !onItem) gaps.push(Math.round(y));
          }
          // The 50-tile vip grid is under the windowing threshold and renders fully, wherever it is.
          const windowedItems = [...document.querySelectorAll('.grid.windowed > li')].map((item) => item.getBoundingClientRect());
          const far = windowedItems.filter((box) => box.bottom < -1500 || box.top > window.innerHeight + 1500).length;
          return { far, uncovered: gaps, rendered: items.length };
        });
        expect({ fraction, far, uncovered }).toEqual({ fraction, far: 0, uncovered: [] });
        expect(rendered).toBeLessThan(400);
      }
    } finally {
      await close();
    }
  }, 60_000);

  it('ArrowDown from the last rendered row brings the next row in and focuses it', async () => {
    const { page, close } = await openWall('desktop');
    try {
      const rendered = await renderedIndexes(page);
      const last = rendered.at(-1) ?? 0;
      const columns = await page.evaluate(() => getComputedStyle(document.querySelector('.grid')!).gridTemplateColumns.split(' ').length);
      const from = last - columns + 1;
      await page.locator(`.grid > li[data-index="${from}"] .tile`).focus();
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction((target) => document.activeElement?.closest<HTMLElement>('li')?.dataset.index === String(target), from + columns);
      const box = await page.evaluate(() => document.activeElement!.getBoundingClientRect().bottom);
      expect(box).toBeLessThanOrEqual(900);
      // Many rows down and back by keyboard alone.
      for (let i = 0; i < 30; i += 1) await page.keyboard.press('ArrowDown');
      await page.waitForFunction((target) => document.activeElement?.closest<HTMLElement>('li')?.dataset.index === String(target), from + 31 * columns);
      for (let i = 0; i < 31; i += 1) await page.keyboard.press('ArrowUp');
      await page.waitForFunction((target) => document.activeElement?.closest<HTMLElement>('li')?.dataset.index === String(target), from);
      // Enter still acts on the tile: this admin has no phone and the extension no call, so
      // instead of an empty dialog the feedback line says there is nothing to do.
      await page.keyboard.press('Enter');
      await page.locator('.feedback', { hasText: 'there is nothing to do on it right now' }).waitFor();
      expect(await page.getByRole('dialog').count()).toBe(0);
    } finally {
      await close();
    }
  }, 60_000);
});
