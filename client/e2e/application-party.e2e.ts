import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CallView } from '@ondeck/shared';
import type { TestServer } from '../../server/test/harness';
import { startPbxStack, type PbxStack } from '../../server/test/pbx-stack';
import { ManualClock, type RunningSimulator } from '../../server/simulator';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { loginAsDemo, openPage, screenshot, type ColorScheme, type ViewportName } from './support/app';
import { waitFor } from '../../server/test/wait-for';

/**
 * Calls answered by the dialplan (voicemail, playback/echo) show the application as the other
 * party in the Calls view and on the extension tiles, in both themes and at both sizes; a queue
 * without a service level shows a dash on its card and the wallboard, not a red 0%.
 */
let stack: PbxStack | undefined;
let sim: RunningSimulator;
const simClock = new ManualClock(Date.now());
let server: TestServer;
let launched: LaunchedBrowser;
let browser: Browser;

beforeAll(async () => {
  stack = await startPbxStack({
    simulator: { clock: simClock, extensions: ['1001', '1002', '1003', '1004', '1005', '1006'], queues: { support: ['1001', '1002'] }, rtcpIntervalMs: 0 },
    server: { demo: true, clientDist: CLIENT_DIST },
    syncTimeoutMs: 30_000,
  });
  ({ sim, server } = stack);
  const admin = { accessToken: stack.adminToken };
  sim.scenarios.application('1002', '*97');
  sim.scenarios.application('1003', '600');
  sim.scenarios.call('1001', '1004').answer();
  await waitFor(async () => {
    const response = await server.api('GET', '/api/calls', { token: admin.accessToken });
    const calls = (response.body as { calls: CallView[] }).calls;
    return calls.filter((call) => call.parties.some((party) => party.application)).length === 2;
  }, 'both application calls in the model');
  launched = await launchChromium();
  browser = launched.browser;
}, 120_000);

afterAll(async () => {
  await launched?.close();
  await stack?.stop();
});

describe('application parties on screen', () => {
  it.each([
    ['desktop', 'light'],
    ['desktop', 'dark'],
    ['phone', 'light'],
    ['phone', 'dark'],
  ] as [ViewportName, ColorScheme][])('at %s size in the %s theme', async (viewport, theme) => {
    const { context, page } = await openPage(browser, { viewport, colorScheme: theme });
    await loginAsDemo(page, server.url, 'admin');
    const voicemailTile = page.locator('.tile[data-extension="1002"]');
    await voicemailTile.locator('.party', { hasText: 'Voicemail' }).waitFor();
    expect(await voicemailTile.locator('.party').getAttribute('title')).toBe('Voicemail 1002');
    expect(await page.locator('.tile[data-extension="1003"] .party').innerText()).toBe('Echo test');
    await screenshot(page, `application-party-extensions-${viewport}-${theme}`);

    await page.goto(`${server.url}/calls`);
    await page.locator('td.parties .app', { hasText: 'Voicemail 1002' }).waitFor();
    expect(await page.locator('td.parties .app').allInnerTexts()).toEqual(expect.arrayContaining(['Voicemail 1002', 'Echo test']));
    await screenshot(page, `application-party-calls-${viewport}-${theme}`);

    // Queue support sets no service level (like a stock FreePBX queue): a dash, no alarm.
    await page.goto(`${server.url}/queues`);
    const card = page.getByRole('article', { name: 'Queue support' });
    await card.getByTestId('queue-service-level').waitFor();
    expect((await card.getByTestId('queue-service-level').innerText()).replace(/\s+/g, ' ').trim()).toBe('— not set');
    expect(await card.innerText()).not.toMatch(/Service level .* is below/);
    await screenshot(page, `application-party-queues-${viewport}-${theme}`);
    await page.goto(`${server.url}/wallboard`);
    await page.getByRole('article', { name: 'Queue support' }).getByTestId('wall-service-level').waitFor();
    expect(await page.getByRole('article', { name: 'Queue support' }).getByTestId('wall-service-level').innerText()).toBe('—');
    await screenshot(page, `application-party-wallboard-${viewport}-${theme}`);
    await context.close();
  });
});
