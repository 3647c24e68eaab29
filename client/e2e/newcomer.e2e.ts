import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CreatedWallboardLink } from '@ondeck/shared';
import { startTestServer, type TestServer } from '../../server/test/harness';
import { ManualClock, startSimulator, type RunningSimulator } from '../../server/simulator';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { loginAs, openPage, screenshot, type ColorScheme } from './support/app';

/**
 * What a new user hit (issue 12): the TV wallboard fits any number of queues without scrolling,
 * forms say what is wrong in plain words beside the field, view choices survive a reload, the
 * theme button names what it switches to, no 401 on a first visit, the audit page fits a phone.
 */
let sim: RunningSimulator;
let server: TestServer;
let launched: LaunchedBrowser;
let browser: Browser;
let adminToken: string;

const QUEUES = Array.from({ length: 20 }, (_, i) => `queue-${String(i + 1).padStart(2, '0')}`);
const JARGON = /expected|>=|<=|too small|too big|invalid input|received/i;
/** The smallest text a wallboard may show (CSS px). */
const READABLE_PX = 12;

beforeAll(async () => {
  sim = await startSimulator({
    clock: new ManualClock(Date.now()),
    extensions: ['1001', '1002', '1003', '1004'],
    queues: Object.fromEntries(QUEUES.map((name, i) => [name, [String(1001 + (i % 4))]])),
  });
  server = await startTestServer({ demo: true, clientDist: CLIENT_DIST, ami: { host: sim.host, port: sim.port, username: 'panel', secret: 'panelsecret' } });
  for (const queue of QUEUES.slice(0, 3)) sim.scenarios.queueCall('+15550001111', queue, { trunk: true });
  adminToken = (await server.login('admin', 'admin-demo')).accessToken;
  launched = await launchChromium();
  browser = launched.browser;
});

afterAll(async () => {
  await launched?.close();
  await server?.stop();
  await sim?.stop();
});

async function wallLink(count: number): Promise<string> {
  const response = await server.api('POST', '/api/wallboard-links', { token: adminToken, body: { label: `Floor of ${count}`, queues: QUEUES.slice(0, count) } });
  expect(response.status).toBe(201);
  return `${server.url}/wall/${(response.body as CreatedWallboardLink).token}`;
}

interface WallMeasure {
  scroll: { width: number; height: number; innerWidth: number; innerHeight: number };
  outside: string[];
  overflowing: string[];
  smallestText: number;
}

/** Scrollbars, tiles outside the screen, tiles whose content spills, and the smallest visible text. */
function measureWall(page: Page): Promise<WallMeasure> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const tiles = [...document.querySelectorAll<HTMLElement>('article')];
    const outside = tiles
      .filter((tile) => {
        const box = tile.getBoundingClientRect();
        return box.left < 0 || box.top < 0 || box.right > innerWidth + 0.5 || box.bottom > innerHeight + 0.5;
      })
      .map((tile) => tile.getAttribute('aria-label') ?? '?');
    const overflowing = tiles.filter((tile) => tile.scrollHeight > tile.clientHeight + 1 || tile.scrollWidth > tile.clientWidth + 1).map((tile) => tile.getAttribute('aria-label') ?? '?');
    let smallestText = Infinity;
    for (const element of document.querySelectorAll<HTMLElement>('main *')) {
      const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
      if (!ownText || element.getClientRects().length === 0) continue;
      smallestText = Math.min(smallestText, parseFloat(getComputedStyle(element).fontSize));
    }
    return { scroll: { width: root.scrollWidth, height: root.scrollHeight, innerWidth, innerHeight }, outside, overflowing, smallestText };
  });
}

describe('the TV wallboard', () => {
  const screens = [
    { name: '1920', viewport: { width: 1920, height: 1080 } },
    { name: '1280', viewport: { width: 1280, height: 720 } },
  ] as const;

  for (const count of [1, 4, 8, 20]) {
    it(`shows ${count} queue(s) whole on 1920×1080 and 1280×720: no scrolling, readable text`, async () => {
      const url = await wallLink(count);
      for (const screen of screens) {
        for (const scheme of ['light', 'dark'] as ColorScheme[]) {
          const context = await browser.newContext({ viewport: screen.viewport, colorScheme: scheme });
          const page = await context.newPage();
          await page.goto(url);
          await page.getByTestId('wall-live').getByText('Live').waitFor();
          await expect.poll(() => page.getByRole('article').count()).toBe(count);
          const measured = await measureWall(page);
          expect(measured.scroll.width, 'no horizontal scrolling').toBeLessThanOrEqual(measured.scroll.innerWidth);
          expect(measured.scroll.height, 'no vertical scrolling').toBeLessThanOrEqual(measured.scroll.innerHeight);
          expect(measured.outside, 'tiles cut off by the screen edge').toEqual([]);
          expect(measured.overflowing, 'tiles whose content spills').toEqual([]);
          expect(measured.smallestText).toBeGreaterThanOrEqual(READABLE_PX);
          await screenshot(page, `newcomer-wall-${count}-${screen.name}-${scheme}`);
          await context.close();
        }
      }
    });
  }

  it('is usable at 1440×900 and on a phone (which may scroll)', async () => {
    const url = await wallLink(4);
    for (const viewport of ['desktop', 'phone'] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const { context, page } = await openPage(browser, { viewport, colorScheme: scheme });
        await page.goto(url);
        await expect.poll(() => page.getByRole('article').count()).toBe(4);
        const measured = await measureWall(page);
        expect(measured.scroll.width).toBeLessThanOrEqual(measured.scroll.innerWidth);
        expect(measured.smallestText).toBeGreaterThanOrEqual(READABLE_PX);
        await screenshot(page, `newcomer-wall-4-${viewport}-${scheme}`);
        await context.close();
      }
    }
  });
});

describe('forms say what is wrong in plain words, beside the field', () => {
  it('Settings → General and the Users form', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const { context, page } = await openPage(browser, { viewport, colorScheme: scheme });
        await loginAs(page, server.url, 'admin', 'admin-demo');
        await page.goto(`${server.url}/settings/general`);
        await page.getByLabel('Site name').fill('');
        await page.getByLabel('Access token lifetime (minutes)').fill('90');
        await page.getByRole('button', { name: 'Save settings' }).click();
        await page.getByText('Site name is required.').waitFor();
        await page.getByText('Access token lifetime (minutes) must be at most 60.').waitFor();
        const settingsText = await page.locator('form').filter({ has: page.getByLabel('Site name') }).innerText();
        expect(settingsText).not.toMatch(JARGON);
        await screenshot(page, `newcomer-settings-errors-${viewport}-${scheme}`);

        await page.goto(`${server.url}/settings/users`);
        await page.getByRole('button', { name: 'New user' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Username').fill('x');
        await dialog.getByLabel('Password').fill('short');
        await dialog.getByRole('button', { name: 'Create user' }).click();
        await dialog.getByText('Display name is required.').waitFor();
        await dialog.getByText('Username must be at least 2 characters.').waitFor();
        await dialog.getByText('Password must be at least 8 characters.').waitFor();
        expect(await dialog.innerText()).not.toMatch(JARGON);
        await screenshot(page, `newcomer-user-errors-${viewport}-${scheme}`);
        await context.close();
      }
    }
  });
});

describe('rough edges', () => {
  it('a first visit logs no 401 to the console', async () => {
    const { context, page } = await openPage(browser);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const refreshes: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/auth/refresh')) refreshes.push(response.status());
    });
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username or extension').waitFor();
    expect(refreshes).toEqual([]);
    expect(errors.filter((text) => /401|Unauthorized/i.test(text))).toEqual([]);
    // Signed in, a reload still resumes the session from the refresh cookie.
    await loginAs(page, server.url, 'admin', 'admin-demo');
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    await context.close();
  });

  it('remembers compact and group-by-queue across a reload; the theme button names the theme it switches to', async () => {
    const { context, page } = await openPage(browser, { colorScheme: 'light' });
    await loginAs(page, server.url, 'admin', 'admin-demo');
    await page.goto(`${server.url}/extensions`);
    await page.getByLabel('Group by queue').check();
    await page.getByLabel('Compact').check();
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    expect(await page.getByLabel('Group by queue').isChecked()).toBe(true);
    expect(await page.getByLabel('Compact').isChecked()).toBe(true);

    const themeButton = page.getByTestId('theme-switch');
    expect((await themeButton.innerText()).trim()).toContain('Dark');
    await themeButton.click();
    expect((await themeButton.innerText()).trim()).toContain('Light');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'newcomer-extensions-remembered-desktop-dark');
    await context.close();
  });

  it('the on-call audit page fits a 390 px phone', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      for (const viewport of ['phone', 'desktop'] as const) {
        const { context, page } = await openPage(browser, { viewport, colorScheme: scheme });
        await loginAs(page, server.url, 'admin', 'admin-demo');
        await page.goto(`${server.url}/on-call/audit`);
        await page.getByRole('heading', { name: /On-call audit log/ }).waitFor();
        const width = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: innerWidth,
          wide: [...document.querySelectorAll<HTMLElement>('body *')]
            .filter((element) => element.getBoundingClientRect().right > innerWidth + 0.5)
            .slice(0, 8)
            .map((element) => `${element.tagName}.${element.className} ${Math.round(element.getBoundingClientRect().right)}`),
        }));
        expect(width.scroll, width.wide.join('; ')).toBeLessThanOrEqual(width.inner);
        await screenshot(page, `newcomer-oncall-audit-${viewport}-${scheme}`);
        await context.close();
      }
    }
  });
});
