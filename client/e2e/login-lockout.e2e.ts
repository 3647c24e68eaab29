import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../server/test/harness';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { openPage, screenshot, submitLogin, VIEWPORTS, type ColorScheme, type ViewportName } from './support/app';

let server: TestServer;
let accountLockServer: TestServer;
let launched: LaunchedBrowser;

beforeAll(async () => {
  // A strict throttle so two wrong passwords lock this address out for ten minutes.
  server = await startTestServer({
    clientDist: CLIENT_DIST,
    deps: { loginThrottle: { maxFailures: 2, windowMs: 60_000, lockoutMs: 10 * 60_000 } },
  });
  // Here the account locks first: two wrong passwords for it, from any address.
  accountLockServer = await startTestServer({
    clientDist: CLIENT_DIST,
    deps: { loginThrottle: { maxFailures: 100, windowMs: 60_000, lockoutMs: 60_000, account: { maxFailures: 2, windowMs: 60_000, lockoutMs: 15 * 60_000 } } },
  });
  launched = await launchChromium();
});

afterAll(async () => {
  await launched?.close();
  await server?.stop();
  await accountLockServer?.stop();
});

it('tells a locked-out user how many minutes to wait, even with the right password', async () => {
  const { context, page } = await openPage(launched.browser);
  const error = page.getByTestId('login-error');
  await submitLogin(page, server.url, TEST_ADMIN.username, 'wrong-once');
  expect(await error.textContent()).not.toContain('Try again');
  // The failure that reaches the limit already answers with the lockout.
  await submitLogin(page, server.url, TEST_ADMIN.username, 'wrong-twice');
  expect(await error.textContent()).toContain('Try again in 10 minutes');
  await submitLogin(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
  await page.getByText('Try again in 10 minutes').waitFor();
  expect(await error.textContent()).toContain('Too many failed sign-ins');
  expect(new URL(page.url()).pathname).toBe('/login');
  await screenshot(page, 'login-locked-out');
  await context.close();
});

it('says when an account\'s password sign-in is locked, at desktop and phone width in both themes', async () => {
  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    for (const colorScheme of ['light', 'dark'] as ColorScheme[]) {
      const { context, page } = await openPage(launched.browser, { viewport, colorScheme });
      await submitLogin(page, accountLockServer.url, TEST_ADMIN.username, 'wrong-once');
      await submitLogin(page, accountLockServer.url, TEST_ADMIN.username, 'wrong-twice');
      const error = page.getByTestId('login-error');
      await page.getByText('password sign-in is locked for now').waitFor();
      expect(await error.textContent()).toContain('Too many failed sign-ins for this account');
      expect(await error.textContent()).toContain('Try again in 15 minutes');
      await screenshot(page, `login-account-locked-${viewport}-${colorScheme}`);
      await context.close();
    }
  }
});
