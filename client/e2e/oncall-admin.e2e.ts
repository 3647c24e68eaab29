import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../server/test/harness';
import { loginAs, openPage, screenshot } from './support/app';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/oncall');

let server: TestServer;
let launched: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer({ clientDist: CLIENT_DIST, domains: true });
  launched = await launchChromium();
});

/** The admin API, for setting up and checking what the UI did. */
async function adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  const { accessToken } = await server.login(TEST_ADMIN.username, TEST_ADMIN.password);
  const response = await server.api(method, path, { token: accessToken, ...(body === undefined ? {} : { body }) });
  if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as T;
}

async function facilitiesId(): Promise<number> {
  const divisions = await adminApi<{ id: number; name: string }[]>('GET', '/api/oncall/divisions');
  const facilities = divisions.find((division) => division.name === 'Facilities');
  if (!facilities) throw new Error('the first test creates Facilities');
  return facilities.id;
}

async function editFacilities(page: Page): Promise<void> {
  await page.goto(`${server.url}/on-call/divisions`);
  await page.getByRole('button', { name: 'Edit Facilities' }).click();
  await page.getByRole('group', { name: 'Schedule' }).waitFor();
}

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
  // Facilities lets a PIN alone identify members: the server asks for 6 digits, next to the field.
  await page.getByLabel('PIN', { exact: true }).fill('4321');
  await page.getByRole('button', { name: 'Create member' }).click();
  await page.getByText(/at least 6 digits/).first().waitFor();
  await page.getByLabel('PIN', { exact: true }).fill('432109');
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
  expect(await dialog.textContent()).toContain('Facilities');
  expect(await page.getByLabel('Who goes on call').locator('option').allTextContents()).toEqual(['Me (my linked member)', 'Carla Cruz']);
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await page.getByRole('cell', { name: 'Member added' }).first().waitFor();
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

it('saves a weekly rotation in the schedule editor and loads it again after a reload', async () => {
  const division = await facilitiesId();
  await adminApi('POST', '/api/oncall/members', { name: 'Dan Dahl', phone: '1004', pin: '864200', divisionIds: [division] });
  const { context, page } = await openPage(launched.browser, { viewport: 'desktop' });
  await loginAs(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
  await editFacilities(page);
  const schedule = page.getByRole('group', { name: 'Schedule' });
  expect(await schedule.getByRole('checkbox').isChecked()).toBe(false);
  await schedule.getByRole('checkbox').check();
  await page.getByLabel('Time zone').selectOption('Europe/Stockholm');
  await schedule.getByRole('button', { name: 'Add handover' }).click();
  await schedule.getByLabel('Day', { exact: true }).selectOption({ label: 'Tuesday' });
  await schedule.getByLabel('Time', { exact: true }).fill('07:30');
  await schedule.getByLabel('Members in turn').selectOption({ label: 'Carla Cruz' });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('Saved Facilities.').waitFor();

  await page.reload();
  await editFacilities(page);
  expect(await schedule.getByRole('checkbox').isChecked()).toBe(true);
  expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Stockholm');
  expect(await schedule.getByLabel('Day', { exact: true }).inputValue()).toBe('2');
  expect(await schedule.getByLabel('Time', { exact: true }).inputValue()).toBe('07:30');
  expect(await schedule.getByLabel('Members in turn').evaluate((select: HTMLSelectElement) => [...select.selectedOptions].map((option) => option.text))).toEqual(['Carla Cruz']);
  await screenshot(page, 'oncall-schedule-editor-desktop');
  const stored = await adminApi<{ rotation: { handovers: unknown[] } }>('GET', `/api/oncall/divisions/${division}/schedule`);
  expect(stored.rotation.handovers).toEqual([{ weekday: 2, time: '07:30', memberIds: [expect.any(Number)] }]);
  await page.setViewportSize({ width: 390, height: 844 });
  await schedule.scrollIntoViewIfNeeded();
  await screenshot(page, 'oncall-schedule-editor-phone');
  await context.close();
});

it('imports shifts from an uploaded .ics; a file that is not a calendar is refused and changes nothing', async () => {
  const division = await facilitiesId();
  const { context, page } = await openPage(launched.browser, { viewport: 'desktop' });
  await loginAs(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
  await editFacilities(page);
  await page.getByRole('radio', { name: 'Uploaded .ics' }).check();
  await page.getByLabel('Calendar file (.ics)').setInputFiles(resolve(FIXTURES, 'roster.ics'));
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('Saved Facilities.').waitFor();

  await page.getByRole('link', { name: 'Calendar', exact: true }).click();
  await page.getByLabel('Division', { exact: true }).selectOption({ label: 'Facilities' });
  const calendar = page.getByRole('region', { name: 'Coming weeks for Facilities' });
  // roster.ics: Dan Dahl every Saturday 10:00–14:00 Stockholm time; the rotation keeps Carla.
  await calendar.getByText('Dan Dahl').first().waitFor();
  expect(await calendar.getByText(/Sat, [^→]*10:00 AM → Sat, [^→]*02:00 PM/).count()).toBeGreaterThanOrEqual(3);
  expect(await calendar.getByText('Carla Cruz').count()).toBeGreaterThanOrEqual(1);

  await editFacilities(page);
  await page.getByTestId('calendar-upload-status').getByText('roster.ics').waitFor();
  await page.getByLabel('Calendar file (.ics)').setInputFiles(resolve(FIXTURES, 'not-a-calendar.ics'));
  await page.getByText('This file is not an iCalendar (.ics) file.').waitFor();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Please correct the highlighted fields.').waitFor();
  await screenshot(page, 'oncall-schedule-bad-ics-desktop');
  await page.getByRole('button', { name: 'Cancel' }).click();

  const stored = await adminApi<{ upload: { name: string; bytes: number } }>('GET', `/api/oncall/divisions/${division}/schedule`);
  expect(stored.upload).toEqual({ name: 'roster.ics', bytes: readFileSync(resolve(FIXTURES, 'roster.ics')).length });
  const saves = await adminApi<{ items: { details: { action: string } }[] }>('GET', `/api/oncall/audit?type=schedule_changed&division=${division}`);
  expect(saves.items.map((row) => row.details.action)).toEqual(['schedule_saved', 'schedule_saved']);
  await context.close();
});

it('adds an override on the calendar and removes it after confirming', async () => {
  const { context, page } = await openPage(launched.browser, { viewport: 'desktop' });
  await loginAs(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
  await page.goto(`${server.url}/on-call/calendar`);
  await page.getByLabel('Division', { exact: true }).selectOption({ label: 'Facilities' });
  await page.getByLabel('Member', { exact: true }).selectOption({ label: 'Dan Dahl' });
  await page.getByRole('button', { name: 'Add override' }).click();
  await page.getByRole('status').getByText('Override added.').waitFor();
  const calendar = page.getByRole('region', { name: 'Coming weeks for Facilities' });
  const remove = calendar.getByRole('button', { name: /^Remove override for Dan Dahl/ });
  await remove.waitFor();
  await screenshot(page, 'oncall-calendar-overrides-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await remove.scrollIntoViewIfNeeded();
  await screenshot(page, 'oncall-calendar-overrides-phone');

  await remove.click();
  const confirm = page.getByRole('dialog');
  await confirm.getByText('Remove the override for Dan Dahl').waitFor();
  await screenshot(page, 'oncall-calendar-remove-confirm-phone');
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, 'oncall-calendar-remove-confirm-desktop');
  await confirm.getByRole('button', { name: 'Remove override' }).click();
  await page.getByRole('status').getByText('Override for Dan Dahl removed: the schedule applies again.').waitFor();
  await remove.waitFor({ state: 'detached' });
  expect(await calendar.getByText('override', { exact: true }).count()).toBe(0);
  const audit = await adminApi<{ items: { details: { action: string } }[] }>('GET', `/api/oncall/audit?type=schedule_changed&division=${await facilitiesId()}&limit=1`);
  expect(audit.items[0]?.details.action).toBe('override_removed');
  await context.close();
});

it('downloads the audit log as CSV', async () => {
  const members = await adminApi<{ id: number; name: string }[]>('GET', '/api/oncall/members');
  const carla = members.find((member) => member.name === 'Carla Cruz');
  const { context, page } = await openPage(launched.browser, { viewport: 'desktop' });
  await loginAs(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
  await page.goto(`${server.url}/on-call/audit`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('oncall-audit.csv');
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.split('\r\n');
  expect(lines[0]).toBe('id,created_at,event_type,division_id,member_id,caller_id,channel_or_ip,details');
  expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^\\d+,[^,]+,member_created,,${carla?.id},,,"\\{""actor""`))]));
  await context.close();
});
