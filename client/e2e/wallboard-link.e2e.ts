import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../../server/test/harness';
import { startPbxStack, type PbxStack } from '../../server/test/pbx-stack';
import { ManualClock, type RunningSimulator } from '../../server/simulator';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { loginAsDemo, openPage, screenshot, type ColorScheme } from './support/app';

/**
 * A read-only wallboard link end to end: an admin sets a queue threshold and creates a link in
 * Settings, a TV (a fresh browser, never signed in) opens it and shows large queue figures, the
 * admin revokes it and the open TV says so within one poll. Simulator clock is manual, so the
 * waiting callers wait until the test ends.
 */
let stack: PbxStack;
let sim: RunningSimulator;
let server: TestServer;
let launched: LaunchedBrowser;
let browser: Browser;
const tvPages: Array<{ context: BrowserContext; page: Page }> = [];

const TV = { width: 1920, height: 1080 } as const;
const PHONE = { width: 390, height: 844 } as const;

beforeAll(async () => {
  stack = await startPbxStack({
    simulator: {
      clock: new ManualClock(Date.now()),
      extensions: ['1001', '1002', '1003', '2001', '2002'],
      queues: { support: ['1002', '1003'], billing: ['2001', '2002'], sales: ['1001'] },
    },
    server: { demo: true, clientDist: CLIENT_DIST },
  });
  ({ sim, server } = stack);
  sim.scenarios.queueCall('+15550001111', 'support', { trunk: true });
  sim.scenarios.queueCall('+15550002222', 'support', { trunk: true });
  sim.scenarios.queueCall('+15550003333', 'billing', { trunk: true });
  launched = await launchChromium();
  browser = launched.browser;
});

afterAll(async () => {
  for (const tv of tvPages) await tv.context.close().catch(() => undefined);
  await launched?.close();
  await stack?.stop();
});

async function openTv(url: string, viewport: { width: number; height: number }, colorScheme: ColorScheme): Promise<Page> {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.stack ?? error.message));
  tvPages.push({ context, page });
  await page.goto(url);
  await page.getByRole('article', { name: 'Queue support' }).waitFor();
  return page;
}

it('admin sets a threshold and creates a link; a TV shows it without signing in; revoking cuts it off', async () => {
  const { context, page } = await openPage(browser, { viewport: 'desktop' });
  await loginAsDemo(page, server.url, 'admin');

  // Settings → Queues: a bad value is refused beside its field, a good one saved.
  await page.goto(`${server.url}/settings/queues`);
  const support = page.getByRole('form', { name: 'Thresholds of queue support' });
  await support.getByLabel('Callers waiting').fill('0');
  await support.getByRole('button', { name: 'Save' }).click();
  await support.getByText('must be at least 1 caller').waitFor();
  await support.getByLabel('Callers waiting').fill('2');
  await support.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').getByText('Saved the thresholds of queue support.').waitFor();
  await support.getByText('Custom').waitFor();
  await screenshot(page, 'wallboard-settings-queues-desktop');

  // The signed-in wallboard uses the new threshold at once (pushed over the socket, no reload).
  await page.getByRole('link', { name: 'Wallboard', exact: true }).click();
  await page.getByRole('article', { name: 'Queue support' }).getByTestId('wall-verdict').getByText('Needs attention').waitFor();
  await page.getByRole('article', { name: 'Queue billing' }).getByTestId('wall-verdict').getByText('OK').waitFor();
  await screenshot(page, 'wallboard-signed-in-desktop');

  // Settings → Wallboards: a link for support and billing only.
  await page.goto(`${server.url}/settings/wallboards`);
  await page.getByLabel('Label').fill('Support floor');
  await page.getByLabel('Only these queues').check();
  await page.getByRole('button', { name: 'Create link' }).click();
  await page.getByText('choose at least one queue, or all queues').waitFor();
  await page.getByRole('group', { name: 'Queues on this link' }).getByLabel('support').check();
  await page.getByRole('group', { name: 'Queues on this link' }).getByLabel('billing').check();
  await page.getByRole('button', { name: 'Create link' }).click();
  const url = (await page.getByTestId('wall-url').textContent())?.trim() ?? '';
  expect(url).toMatch(new RegExp(`^${server.url}/wall/[A-Za-z0-9_-]{43}$`));
  await page.getByRole('list', { name: 'Wallboard links' }).getByText('billing, support').waitFor();
  await screenshot(page, 'wallboard-settings-links-desktop');

  // The TV: a fresh browser that never signed in.
  const tv = await openTv(url, TV, 'light');
  const tile = tv.getByRole('article', { name: 'Queue support' });
  await expect.poll(async () => (await tile.getByTestId('wall-waiting').textContent())?.trim(), { timeout: 5000 }).toBe('2');
  // Two waiting passes the admin's threshold of 2: the word says so, not only the colour.
  await tile.getByTestId('wall-verdict').getByText('Needs attention').waitFor();
  await tile.getByText('Attention: 2 callers waiting').waitFor();
  await tv.getByRole('article', { name: 'Queue billing' }).getByTestId('wall-verdict').getByText('OK').waitFor();
  expect(await tv.getByRole('article', { name: 'Queue sales' }).count()).toBe(0);
  const numberSize = await tile.getByTestId('wall-waiting').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(numberSize).toBeGreaterThanOrEqual(64);
  const text = (await tv.locator('body').innerText()) ?? '';
  expect(text).not.toMatch(/\+1555|sales|Sign in|PJSIP|(?<![\d.])(100[123]|200[12])(?!\d)/);
  expect(await tv.getByRole('button').count()).toBe(0);
  await tv.getByTestId('wall-live').getByText('Live').waitFor();
  await screenshot(tv, 'wallboard-link-tv-1920-light');

  const tvDark = await openTv(url, TV, 'dark');
  await tvDark.getByTestId('wall-live').getByText('Live').waitFor();
  await screenshot(tvDark, 'wallboard-link-tv-1920-dark');
  for (const scheme of ['light', 'dark'] as const) {
    const small = await openTv(url, PHONE, scheme);
    await small.getByTestId('wall-live').getByText('Live').waitFor();
    await screenshot(small, `wallboard-link-tv-390-${scheme}`);
  }

  // Revoke in the UI; the open TV shows the revoked screen within a poll or two.
  await page.getByRole('button', { name: 'Revoke Support floor' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke link' }).click();
  await page.getByRole('status').getByText('Revoked Support floor.').waitFor();
  await page.getByRole('list', { name: 'Wallboard links' }).getByText(/^Revoked /).waitFor();
  const revokedAt = Date.now();
  const ended = tv.getByTestId('wall-ended');
  await ended.waitFor({ timeout: 6000 });
  expect(Date.now() - revokedAt).toBeLessThan(5000);
  expect(await ended.innerText()).toContain('This wallboard link was revoked');
  expect(await ended.innerText()).toContain('Ask your administrator for a new one.');
  expect(await tv.getByRole('article').count()).toBe(0);
  await screenshot(tv, 'wallboard-link-tv-1920-revoked');
  await screenshot(page, 'wallboard-settings-links-revoked-desktop');

  // The admin screens at phone width, both themes where it matters.
  const phone = await openPage(browser, { viewport: 'phone', colorScheme: 'dark' });
  await loginAsDemo(phone.page, server.url, 'admin');
  await phone.page.goto(`${server.url}/settings/wallboards`);
  await phone.page.getByRole('list', { name: 'Wallboard links' }).waitFor();
  await screenshot(phone.page, 'wallboard-settings-links-phone-dark');
  await phone.page.goto(`${server.url}/settings/queues`);
  await phone.page.getByRole('form', { name: 'Thresholds of queue support' }).waitFor();
  await screenshot(phone.page, 'wallboard-settings-queues-phone-dark');
  await phone.page.goto(`${server.url}/wallboard`);
  await phone.page.getByRole('article', { name: 'Queue support' }).getByTestId('wall-verdict').getByText('Needs attention').waitFor();
  await screenshot(phone.page, 'wallboard-signed-in-phone-dark');
  await phone.context.close();
  await context.close();
});

it('a made-up link shows that it is not valid, and no data', async () => {
  const context = await browser.newContext({ viewport: TV, colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(`${server.url}/wall/${'A'.repeat(43)}`);
  const ended = page.getByTestId('wall-ended');
  await ended.waitFor();
  expect(await ended.innerText()).toContain('This wallboard link is not valid');
  expect(await page.getByRole('article').count()).toBe(0);
  await context.close();
});
