/**
 * The softphone (SIP.js) is not part of the panel's initial JS: the shell renders first and
 * fetches it afterwards, only for a user with an extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test/harness';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { demoLogin, loginAs, openPage, screenshot, type ViewportName } from './support/app';

const SOFTPHONE_CHUNK = /\/assets\/softphone-[^/]*\.js$/;
const SIP_CHUNK = /\/assets\/softphone-sip-[^/]*\.js$/;
const AGENT = demoLogin('agent', { byExtension: true });
const ADMIN = demoLogin('admin');

let server: TestServer;
let launched: LaunchedBrowser;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ demo: true, clientDist: CLIENT_DIST });
  launched = await launchChromium();
  browser = launched.browser;
});

afterAll(async () => {
  await launched?.close();
  await server?.stop();
});

function recordScripts(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

const headerPhone = (page: Page) => page.locator('[data-slot="phone-status"]');

describe('softphone code on demand', () => {
  it('never downloads SIP.js for an account without an extension until the Phone view opens', async () => {
    const { context, page } = await openPage(browser);
    const requested = recordScripts(page);
    await loginAs(page, server.url, ADMIN.login, ADMIN.password);
    await page.waitForLoadState('networkidle');
    expect(await headerPhone(page).locator('.unavailable').getAttribute('title')).toBe('Your account has no extension.');
    expect(requested.filter((url) => SOFTPHONE_CHUNK.test(url))).toEqual([]);

    await page.getByRole('link', { name: 'Phone', exact: true }).click();
    await page.getByRole('heading', { name: 'Phone' }).waitFor();
    expect(requested.some((url) => SIP_CHUNK.test(url))).toBe(true);
    await context.close();
  });

  it.each(['desktop', 'phone'] as ViewportName[])(
    'shows an agent the panel with "Phone starting" before the phone code arrives (%s)',
    async (viewport) => {
      const { context, page } = await openPage(browser, { viewport });
      const held: Route[] = [];
      await page.route(SOFTPHONE_CHUNK, (route) => void held.push(route));
      await loginAs(page, server.url, AGENT.login, AGENT.password);
      await headerPhone(page).getByText('Phone starting').waitFor();
      // The panel is usable meanwhile: the Extensions view is there.
      await page.getByRole('heading', { name: 'Extensions' }).waitFor();
      await screenshot(page, `softphone-lazy-agent-starting-${viewport}`);

      expect(held.length).toBeGreaterThan(0);
      // The session code asks the server for this user's phone settings once it has loaded.
      const askedForPhone = page.waitForRequest((request) => request.url().endsWith('/api/phone/config'));
      await Promise.all(held.map((route) => route.continue()));
      await page.unroute(SOFTPHONE_CHUNK);
      await askedForPhone;
      // This server has no WebRTC address, so the session says there is no phone.
      const noPhone = headerPhone(page).locator('.unavailable');
      await noPhone.waitFor({ state: 'attached' });
      expect(await noPhone.getAttribute('title')).not.toBe('The phone could not be loaded. Reload the page to try again.');
      await screenshot(page, `softphone-lazy-agent-loaded-${viewport}`);
      await context.close();
    },
  );

  it('says the phone could not be loaded when its code fails to download, without a page error', async () => {
    const { context, page } = await openPage(browser);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route(SOFTPHONE_CHUNK, (route) => route.abort('internetdisconnected'));
    await loginAs(page, server.url, AGENT.login, AGENT.password);
    const noPhone = headerPhone(page).locator('.unavailable');
    await noPhone.waitFor({ state: 'attached' });
    expect(await noPhone.getAttribute('title')).toBe('The phone could not be loaded. Reload the page to try again.');
    expect(pageErrors).toEqual([]);
    await screenshot(page, 'softphone-lazy-agent-load-failed');
    await context.close();
  });
});
