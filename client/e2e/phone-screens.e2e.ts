/**
 * PhoneView in Chromium against Kamailio: the UI flows an operator uses (refuse a bad
 * number, ring, answer, transfer panel, hang up) plus screenshots of each screen at
 * 1440×900 and 390×844 into var/screenshots/. The view runs on a harness page
 * (phone-view-harness.html) with its real store and Phone, without the app shell.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPhoneChromium, type PhoneBrowser } from './phone-chromium';
import { startHarnessServer, type HarnessServer } from './phone-harness-server';
import { extensionPassword, TestKamailio } from './phone-kamailio';
import { PhonePage } from './phone-page';
import type { PhoneViewHarness } from './phone-view-harness';

const IN_NAMESPACE = process.env.ONDECK_PHONE_E2E === '1';
const SCREENSHOTS = resolve(import.meta.dirname, '../../var/screenshots');
const VIEWPORTS = { desktop: { width: 1440, height: 900 }, mobile: { width: 390, height: 844 } } as const;

let kamailio: TestKamailio;
let server: HarnessServer;
let chromium: PhoneBrowser;
let caller: PhonePage;
let context: BrowserContext;
let view: Page;
const problems: string[] = [];

async function shoot(name: string): Promise<void> {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await view.setViewportSize(viewport);
    await view.screenshot({ path: resolve(SCREENSHOTS, `phone-${name}-${size}.png`) });
  }
  await view.setViewportSize(VIEWPORTS.desktop);
}

describe.skipIf(!IN_NAMESPACE)('PhoneView screens', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    kamailio = new TestKamailio(5067);
    await kamailio.start();
    server = await startHarnessServer();
    chromium = await launchPhoneChromium();
    caller = await PhonePage.open(chromium.browser, server.origin, '1001');
    await caller.start(kamailio.url);
    context = await chromium.browser.newContext({ permissions: ['microphone'], viewport: VIEWPORTS.desktop });
    view = await context.newPage();
    view.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    view.on('pageerror', (error) => problems.push(error.message));
    await view.goto(`${server.origin}/e2e/phone-view-harness.html`);
    await view.waitForFunction(() => 'phoneView' in window);
    const config = { server: kamailio.url, extension: '1002', password: extensionPassword('1002'), domain: '127.0.0.1', iceGatheringTimeoutMs: 800 };
    await view.evaluate((c) => (window as unknown as { phoneView: PhoneViewHarness }).phoneView.connect(c), config);
    await view.getByText('Phone ready').waitFor();
  });

  afterAll(async () => {
    await view?.evaluate(() => (window as unknown as { phoneView: PhoneViewHarness }).phoneView.errors).then((errors) => problems.push(...errors));
    await context?.close();
    await caller?.close();
    await chromium?.close();
    await server?.close();
    await kamailio?.dispose();
    expect(problems).toEqual([]);
  });

  it('shows the idle dial pad and refuses a malformed number inline', async () => {
    await shoot('idle');
    await view.getByLabel('Number to call').fill('12ab');
    await view.getByRole('button', { name: 'Call', exact: true }).click();
    await expect.poll(() => view.getByRole('alert').first().textContent()).toContain('Only digits, *, # and a leading + can be dialled');
    expect(await caller.snapshot().then((s) => s?.calls.length)).toBe(0);
    await view.getByLabel('Number to call').fill('');
  });

  it('rings, answers, opens the transfer panel and hangs up from the UI', async () => {
    const callId = await caller.must('dial', '1002');
    await view.getByRole('button', { name: 'Answer' }).waitFor();
    await shoot('incoming');
    await view.getByRole('button', { name: 'Answer' }).click();
    await view.getByText('Connected').waitFor();
    await caller.waitForCall('talking', (call) => call.id === callId);
    await view.waitForTimeout(2100); // let the call timer show a few seconds for the picture
    await shoot('in-call');
    await view.getByRole('button', { name: 'Transfer', exact: true }).click();
    await view.getByLabel('Transfer to').fill('1003');
    await shoot('transfer');
    await view.getByRole('button', { name: 'Hang up' }).click();
    await caller.waitForNoLiveCalls();
    await view.getByRole('button', { name: 'Call', exact: true }).waitFor();
    await shoot('idle-after-call');
  });

  it('dials from the dial pad', async () => {
    await view.getByLabel('Number to call').fill('1001');
    await view.getByRole('button', { name: 'Call', exact: true }).click();
    const ringing = await caller.waitForCall('ringing-in');
    await caller.must('decline', undefined, ringing.id);
    await view.getByText('Call declined').waitFor();
  });

  it('keeps one phone per browser: a second tab stands by and can take over', async () => {
    const second = await context.newPage();
    second.on('pageerror', (error) => problems.push(error.message));
    await second.goto(`${server.origin}/e2e/phone-view-harness.html`);
    await second.waitForFunction(() => 'phoneView' in window);
    const config = { server: kamailio.url, extension: '1002', password: extensionPassword('1002'), domain: '127.0.0.1' };
    await second.evaluate((c) => (window as unknown as { phoneView: PhoneViewHarness }).phoneView.connect(c), config);
    await second.getByText('The phone is active in another tab.').waitFor();
    await second.screenshot({ path: resolve(SCREENSHOTS, 'phone-other-tab-desktop.png') });

    await second.getByRole('button', { name: 'Use the phone in this tab' }).click();
    await second.getByText('Phone ready').waitFor();
    await view.getByText('The phone is active in another tab.').waitFor();
    // The new owner really has the extension: a call rings there.
    const callId = await caller.must('dial', '1002');
    await second.getByRole('button', { name: 'Answer' }).waitFor();
    await caller.must('hangup', undefined, callId ?? undefined);
    await second.close();
  });
});
