import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../server/test/harness';
import { loginAs, openPage, screenshot } from './support/app';
import { CLIENT_DIR } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';

let server: TestServer;
let launched: LaunchedBrowser;

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'ondeck-oncall-admin-dist-'));
  await build({ root: CLIENT_DIR, configFile: resolve(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await startTestServer({ clientDist: outDir, domains: true });
  launched = await launchChromium();
});

afterAll(async () => {
  await launched?.close();
  await server?.stop();
});

it('admin creates a division and a member, sets a PIN, sees them on the board and in the audit log', async () => {
  const { context, page } = await openPage(launched.browser, { viewport: 'desktop' });
  await loginAs(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
  await page.goto(`${server.url}/on-call/divisions`);
  await page.getByRole('button', { name: 'New division' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Facilities');
  await page.getByLabel('Fallback number').fill('12-34');
  await page.getByRole('button', { name: 'Create division' }).click();
  await page.getByText('Use E.164').waitFor();
  await page.getByLabel('Fallback number').fill('1999');
  await page.getByRole('button', { name: 'Create division' }).click();
  await page.getByRole('status').getByText('Saved Facilities.').waitFor();
  await screenshot(page, 'oncall-admin-divisions-desktop');

  await page.getByRole('link', { name: 'Members', exact: true }).click();
  await page.getByRole('button', { name: 'New member' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Carla Cruz');
  await page.getByLabel('Phone').fill('+46709876543');
  await page.getByLabel('PIN', { exact: true }).fill('12');
  await page.getByLabel('Facilities').check();
  await page.getByRole('button', { name: 'Create member' }).click();
  await page.getByText('The PIN must be 4 to 8 digits.').waitFor();
  await page.getByLabel('PIN', { exact: true }).fill('4321');
  await page.getByRole('button', { name: 'Create member' }).click();
  await page.getByRole('status').getByText('Saved Carla Cruz.').waitFor();
  await page.getByRole('button', { name: 'Set PIN of Carla Cruz' }).click();
  await page.getByLabel('New PIN').fill('975310');
  await page.getByRole('button', { name: 'Set PIN', exact: true }).click();
  await page.getByRole('status').getByText('New PIN set for Carla Cruz.').waitFor();
  await screenshot(page, 'oncall-admin-members-desktop');

  await page.getByRole('link', { name: 'Board', exact: true }).click();
  const card = page.getByRole('article', { name: 'On-call for Facilities' });
  await card.getByRole('button', { name: 'Take on-call' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  // The take dialog confirms the signed-in user only (no member picker yet), so the division is what it names.
  expect(await dialog.textContent()).toContain('Facilities');
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await page.getByRole('cell', { name: 'member_created' }).first().waitFor();
  await screenshot(page, 'oncall-admin-audit-desktop');
  for (const [tab, name] of [['Calendar', 'calendar'], ['Notifications', 'notifications']] as const) {
    await page.getByRole('link', { name: tab, exact: true }).click();
    await page.waitForLoadState('networkidle');
    await screenshot(page, `oncall-admin-${name}-desktop`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  for (const name of ['members', 'divisions', 'calendar', 'audit', 'notifications']) {
    await page.goto(`${server.url}/on-call/${name}`);
    await page.waitForLoadState('networkidle');
    await screenshot(page, `oncall-admin-${name}-phone`);
  }
  await context.close();
});
