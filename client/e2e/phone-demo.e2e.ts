/**
 * The demo's phone, end to end: two demo users sign in to a running `./start.sh --demo` in two
 * browser contexts, register to the demo's Kamailio with the secrets start.sh generated, and
 * call each other through it (audio both ways, then hang up).
 *
 * Needs a running demo, so it is skipped unless ONDECK_DEMO_URL is set:
 *   ./start.sh --demo &
 *   cd client && ONDECK_DEMO_URL=http://127.0.0.1:8080 npx vitest run -c vitest.phone-e2e.config.ts e2e/phone-demo.e2e.ts
 * (outside run-phone-e2e.mjs's namespace: the demo and its Kamailio run on the host's loopback).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentPhonePage } from './phone-app-page';
import { launchPhoneChromium, type PhoneBrowser } from './phone-chromium';

const DEMO_URL = process.env.ONDECK_DEMO_URL;

describe.skipIf(!DEMO_URL)('the demo phone (./start.sh --demo)', () => {
  let chromium: PhoneBrowser;
  let alex: AgentPhonePage;
  let blair: AgentPhonePage;

  beforeAll(async () => {
    chromium = await launchPhoneChromium();
    const signIn = (username: string, password: string, extension: string) =>
      AgentPhonePage.signIn(chromium.browser as Browser, DEMO_URL ?? '', { username, password, extension });
    alex = await signIn('agent', 'agent-demo', '1002');
    blair = await signIn('agent2', 'agent2-demo', '1003');
  });

  afterAll(async () => {
    for (const page of [alex, blair]) await page?.close();
    await chromium?.close();
  });

  it('two demo users register to the demo Kamailio and call each other with audio both ways', async () => {
    await alex.waitForHeaderStatus('ready');
    await blair.waitForHeaderStatus('ready');
    await alex.dial('1003');
    await blair.button('Answer').click({ timeout: 30_000 });
    await alex.waitForCallState('Connected');
    await blair.waitForCallState('Connected');
    for (const page of [alex, blair]) {
      await expect.poll(async () => (await page.growth(1000)).bytesReceived, { timeout: 20_000, message: `${page.username} hears audio` }).toBeGreaterThan(1000);
    }
    await alex.shoot('phone-demo-call');
    await alex.button('Hang up').click();
    await alex.waitForIdle();
    await blair.waitForIdle();
    expect([...(await alex.takeProblems()), ...(await blair.takeProblems())]).toEqual([]);
  });
});
