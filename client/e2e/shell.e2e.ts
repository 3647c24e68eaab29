import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test/harness';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { demoLogin, loginAs, openPage, screenshot, submitLogin, type ColorScheme, type ViewportName } from './support/app';

/** Demo accounts the server seeds with `demo: true`. */
const ACCOUNTS = {
  admin: demoLogin('admin'),
  supervisor: demoLogin('sup'),
  // Agents sign in with their extension as often as with a username.
  agent: demoLogin('agent', { byExtension: true }),
} as const;
type RoleName = keyof typeof ACCOUNTS;

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

describe('login page', () => {
  it('shows the server message for a wrong password and stays on /login', async () => {
    const { context, page } = await openPage(browser);
    await submitLogin(page, server.url, 'admin', 'definitely-wrong');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect((await error.textContent())?.trim()).not.toBe('');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await screenshot(page, 'login-wrong-password');
    await context.close();
  });

  it('sends a signed-out visitor of a protected page to the login page', async () => {
    const { context, page } = await openPage(browser, { viewport: 'phone', colorScheme: 'dark' });
    await page.goto(`${server.url}/settings/users`);
    await page.getByLabel('Username or extension').waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/login');
    expect(url.searchParams.get('redirect')).toBe('/settings/users');
    await screenshot(page, 'login-phone-dark');
    await context.close();
  });
});

describe.each(Object.keys(ACCOUNTS) as RoleName[])('shell as %s', (role) => {
  const account = ACCOUNTS[role];

  it.each([
    ['desktop', 'dark'],
    ['desktop', 'light'],
    ['phone', 'dark'],
    ['phone', 'light'],
  ] as [ViewportName, ColorScheme][])('renders at %s size in the %s theme', async (viewport, colorScheme) => {
    const { context, page } = await openPage(browser, { viewport, colorScheme });
    await loginAs(page, server.url, account.login, account.password);

    expect(await page.locator('html').getAttribute('data-theme')).toBe(colorScheme);
    // This server has no PBX link (AMI off): the pill must say so, never "Live".
    const pill = page.getByTestId('connection-pill');
    await pill.getByText('PBX down').waitFor();
    expect(await pill.textContent()).not.toMatch(/:\s*Live\b/);
    expect(await pill.getAttribute('title')).toContain('AMI is turned off');
    // The panel's banner tells the same story as the pill instead of "loading" forever.
    expect(await page.getByRole('status').filter({ hasText: 'Not live.' }).textContent()).toContain('AMI is turned off');
    expect(new URL(page.url()).pathname).toBe('/extensions');

    if (viewport === 'phone') {
      // The navigation folds into a menu button at phone width.
      const menu = page.getByRole('button', { name: 'Menu', exact: true });
      expect(await menu.isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: 'Queues' }).isVisible()).toBe(false);
      // The site name is not cut to "O…" by the tools beside it.
      expect(await page.getByTestId('site-name').evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
      await screenshot(page, `shell-${role}-${viewport}-${colorScheme}`);
      await menu.click();
      await page.getByRole('link', { name: 'Queues' }).waitFor();
      await screenshot(page, `shell-${role}-${viewport}-${colorScheme}-menu`);
    } else {
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
      expect(await page.getByRole('menu').textContent()).toContain(account.account.displayName);
      await screenshot(page, `shell-${role}-${viewport}-${colorScheme}`);
    }

    const settingsLinks = await page.getByRole('link', { name: 'Settings' }).count();
    expect(settingsLinks).toBe(role === 'admin' ? 1 : 0);
    await context.close();
  });

  it('signs out from the user menu', async () => {
    const { context, page } = await openPage(browser);
    await loginAs(page, server.url, account.login, account.password);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByLabel('Username or extension').waitFor();
    // The refresh cookie is gone too: a reload does not sign back in.
    await page.reload();
    await page.getByLabel('Username or extension').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});

describe('role limits', () => {
  it('sends an agent who opens settings back to the panel', async () => {
    const { context, page } = await openPage(browser);
    await loginAs(page, server.url, ACCOUNTS.agent.login, ACCOUNTS.agent.password);
    await page.goto(`${server.url}/settings/users`);
    await page.waitForURL(`${server.url}/extensions`);
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await context.close();
  });
});

describe('Settings → Users', () => {
  it('lets an admin create a user who can then sign in by extension', async () => {
    const { context, page } = await openPage(browser);
    await loginAs(page, server.url, ACCOUNTS.admin.login, ACCOUNTS.admin.password);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'New user' }).click();

    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username', { exact: true }).fill('casey');
    await dialog.getByLabel('Display name').fill('Casey <b>Caller</b>');
    await dialog.getByLabel('Role').selectOption('supervisor');
    await dialog.getByLabel('Extension', { exact: true }).fill('1005');
    await dialog.getByLabel('Password', { exact: true }).fill('casey-password-1');
    await dialog.getByLabel('listen').check();

    // A bad range is caught before the request, next to its field.
    await dialog.getByLabel('Scope: extensions').fill('1010-1001');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByText('runs backwards').waitFor();

    await dialog.getByLabel('Scope: extensions').fill('1001-1003, 2001');
    await dialog.getByLabel('Scope: queues').fill('support');
    await screenshot(page, 'settings-users-create-dialog');
    await dialog.getByLabel('Scope: queues').press('Enter');

    const row = page.locator('tr[data-username="casey"]');
    await row.waitFor();
    // Names are shown as text, never interpreted as HTML.
    expect(await row.textContent()).toContain('Casey <b>Caller</b>');
    expect(await row.textContent()).toContain('1001-1003, 2001');
    await screenshot(page, 'settings-users-table');

    // Disable shows at once and says so in words; enable again for the sign-in below.
    await page.getByRole('button', { name: 'Disable casey' }).click();
    await row.getByText('Disabled').waitFor();
    await page.getByRole('button', { name: 'Enable casey' }).click();
    await row.getByText('Active').waitFor();

    // Duplicate usernames come back from the server as a message in the dialog.
    await page.getByRole('button', { name: 'New user' }).click();
    await dialog.getByLabel('Username', { exact: true }).fill('casey');
    await dialog.getByLabel('Display name').fill('Another Casey');
    await dialog.getByLabel('Password', { exact: true }).fill('another-password');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByRole('alert').first().waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await context.close();

    const second = await openPage(browser);
    await loginAs(second.page, server.url, '1005', 'casey-password-1');
    const menuButton = second.page.getByTestId('user-menu');
    expect(await menuButton.textContent()).toContain('Casey <b>Caller</b>');

    // The new user changes their own password from the user menu, then signs in with it.
    await menuButton.click();
    await second.page.getByRole('menuitem', { name: 'Change password' }).click();
    const passwordDialog = second.page.getByRole('dialog', { name: 'Change password' });
    await passwordDialog.getByLabel('Current password').fill('casey-password-1');
    await passwordDialog.getByLabel('New password', { exact: true }).fill('casey-password-2');
    await passwordDialog.getByLabel('Repeat new password').fill('casey-password-2');
    await passwordDialog.getByLabel('Repeat new password').press('Enter');
    await passwordDialog.getByText('Your password has been changed.').waitFor();
    await passwordDialog.getByRole('button', { name: 'Close', exact: true }).click();
    await menuButton.click();
    await second.page.getByRole('menuitem', { name: 'Sign out' }).click();
    await loginAs(second.page, server.url, 'casey', 'casey-password-2');
    await second.context.close();
  });

  it('stays usable at phone width in the dark theme', async () => {
    const { context, page } = await openPage(browser, { viewport: 'phone', colorScheme: 'dark' });
    await loginAs(page, server.url, ACCOUNTS.admin.login, ACCOUNTS.admin.password);
    await page.goto(`${server.url}/settings/users`);
    await page.locator('tr[data-username="sup"]').waitFor();
    await screenshot(page, 'settings-users-phone-dark');

    await page.getByRole('button', { name: 'Edit sup' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit sup' });
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    // The saved scope comes back folded into ranges for editing.
    expect(await dialog.getByLabel('Scope: extensions').inputValue()).toBe('1001-1010');
    await screenshot(page, 'settings-users-edit-phone-dark');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await context.close();
  });

  it('saves general settings and shows the new site name in the header', async () => {
    const { context, page } = await openPage(browser);
    await loginAs(page, server.url, ACCOUNTS.admin.login, ACCOUNTS.admin.password);
    await page.goto(`${server.url}/settings/general`);
    await page.getByLabel('Site name').fill('Front Desk');
    await page.getByLabel('Access token lifetime (minutes)').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.locator('#settings-token-minutes-error').isVisible()).toBe(true);

    await page.getByLabel('Access token lifetime (minutes)').fill('15');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect(await page.getByTestId('site-name').textContent()).toBe('Front Desk');
    await screenshot(page, 'settings-general');
    await context.close();
  });
});
