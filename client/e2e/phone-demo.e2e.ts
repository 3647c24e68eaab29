/**
 * The demo's phone, end to end: two demo users sign in to a running `./start.sh --demo` in two
 * browser contexts, register to the demo's Kamailio with the secrets start.sh generated, and
 * call each other through it (audio both ways, then hang up).
 *
 * Needs a running demo, so it is skipped unless ONDECK_DEMO_URL is set. The `demo` suite of
 * ./scripts/test.sh runs it: `node client/e2e/run-demo-e2e.mjs` starts `./start.sh --demo` in a
 * throwaway state folder, sets ONDECK_DEMO_URL, and stops the demo afterwards. By hand:
 *   ./start.sh --demo &
 *   cd client && ONDECK_DEMO_URL=http://127.0.0.1:8080 npx vitest run -c vitest.phone-e2e.config.ts e2e/phone-demo.e2e.ts
 * (outside run-phone-e2e.mjs's namespace: the demo and its Kamailio run on the host's loopback).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentPhonePage } from './phone-app-page';
import { launchPhoneChromium, type PhoneBrowser } from './phone-chromium';
import { loginAs, openPage, screenshot, type ColorScheme, type ViewportName } from './support/app';

const DEMO_URL = process.env.ONDECK_DEMO_URL;

describe.skipIf(!DEMO_URL)('the demo phone (./start.sh --demo)', () => {
  let chromium: PhoneBrowser;
  let alex: AgentPhonePage;
  let blair: AgentPhonePage;

  beforeAll(async () => {
    chromium = await launchPhoneChromium();
    const signIn = (username: string, password: string, extension: string) =>
      AgentPhonePage.signIn(chromium.browser, DEMO_URL ?? '', { username, password, extension });
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

  it.each([
    ['desktop', 'light'],
    ['desktop', 'dark'],
    ['phone', 'light'],
    ['phone', 'dark'],
  ] as [ViewportName, ColorScheme][])('shows the phone states and the SIP secret screen at %s size in the %s theme', async (viewport, colorScheme) => {
    const url = DEMO_URL ?? '';
    const browser = chromium.browser;
    const shot = (page: Parameters<typeof screenshot>[0], name: string) => screenshot(page, `${name}-${viewport}-${colorScheme}`);

    const admin = await openPage(browser, { viewport, colorScheme });
    await loginAs(admin.page, url, 'admin', 'admin-demo');
    await admin.page.goto(`${url}/phone`);
    await admin.page.getByTestId('phone-unavailable').filter({ hasText: 'no extension' }).waitFor();
    await shot(admin.page, 'phone-no-extension');
    await admin.page.goto(`${url}/settings/users`);
    await admin.page.getByRole('button', { name: 'SIP secret of agent', exact: true }).click();
    await admin.page.getByTestId('sip-secret-status').filter({ hasText: 'has a secret set here' }).waitFor();
    await admin.page.getByLabel('New secret').fill('1234');
    await admin.page.locator('#sip-secret-warning').waitFor();
    await shot(admin.page, 'phone-admin-sip-secret');
    await admin.context.close();

    // The server's answer when no secret is known, as the phone page shows it.
    const missing = await openPage(browser, { viewport, colorScheme });
    await missing.context.route('**/api/phone/config', (route) =>
      route.fulfill({
        status: 404,
        json: { error: { code: 'not_found', message: 'No SIP secret is known for extension 1003. An administrator sets it under Settings → Users (SIP secret), or in FreePBX.' } },
      }),
    );
    await loginAs(missing.page, url, 'agent2', 'agent2-demo');
    await missing.page.goto(`${url}/phone`);
    await missing.page.getByTestId('phone-unavailable').filter({ hasText: 'No SIP secret' }).waitFor();
    await shot(missing.page, 'phone-no-secret');
    await missing.context.close();

    const agent = await openPage(browser, { viewport, colorScheme });
    await loginAs(agent.page, url, 'agent', 'agent-demo');
    await agent.page.goto(`${url}/phone`);
    await agent.page.locator('[data-slot="phone-status"] .phone-status[data-status="ready"]').waitFor({ timeout: 30_000 });
    await shot(agent.page, 'phone-ready');
    await agent.context.close();
  });
});
