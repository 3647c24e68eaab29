/**
 * One phone per browser: PhoneView on two tabs of one browser profile, against Kamailio. The
 * view runs on a harness page (phone-view-harness.html) with its real store and Phone, so two
 * tabs share a BroadcastChannel without signing in twice. The call screens themselves are
 * driven and photographed through the real app in phone-app.e2e.ts.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPhoneChromium, type PhoneBrowser } from './phone-chromium';
import { startHarnessServer, type HarnessServer } from './phone-harness-server';
import { extensionPassword, TestKamailio } from './phone-kamailio';
import { PhonePage } from './phone-page';
import type { PhoneViewHarness } from './phone-view-harness';
import { screenshot, VIEWPORTS } from './support/app';

const IN_NAMESPACE = process.env.ONDECK_PHONE_E2E === '1';

let kamailio: TestKamailio;
let server: HarnessServer;
let chromium: PhoneBrowser;
let caller: PhonePage;
let context: BrowserContext;
let view: Page;
const problems: string[] = [];

describe.skipIf(!IN_NAMESPACE)('PhoneView screens', () => {
  beforeAll(async () => {
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

  it('keeps one phone per browser: a second tab stands by and can take over', async () => {
    const second = await context.newPage();
    second.on('pageerror', (error) => problems.push(error.message));
    await second.goto(`${server.origin}/e2e/phone-view-harness.html`);
    await second.waitForFunction(() => 'phoneView' in window);
    const config = { server: kamailio.url, extension: '1002', password: extensionPassword('1002'), domain: '127.0.0.1' };
    await second.evaluate((c) => (window as unknown as { phoneView: PhoneViewHarness }).phoneView.connect(c), config);
    await second.getByText('The phone is active in another tab.').waitFor();
    await screenshot(second, 'phone-other-tab-desktop');
    await second.setViewportSize(VIEWPORTS.phone);
    await screenshot(second, 'phone-other-tab-mobile');
    await second.setViewportSize(VIEWPORTS.desktop);

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
