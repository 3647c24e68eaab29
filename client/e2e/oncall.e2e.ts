import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AgiServer } from '../../server/src/agi';
import { createPool, type Pool } from '../../server/src/db';
import { createOnCallModule } from '../../server/src/oncall';
import { dialTakeover } from '../../server/src/oncall/line/testing/takeover-caller';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../server/test/harness';
import { loginAs, openPage, screenshot } from './support/app';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';

let server: TestServer;
let launched: LaunchedBrowser;
let pool: Pool;
let agi: AgiServer;
let agiPort = 0;
const ids = { service: 0, network: 0, lab: 0, alice: 0, bob: 0 };

/** Seeds two divisions, members, a weekly rotation and a current on-call person through the API. */
async function seed(token: string): Promise<void> {
  const api = (method: string, path: string, body?: unknown) => server.api(method, path, { token, body });
  ids.service = ((await api('POST', '/api/oncall/divisions', { name: 'Service desk', fallbackNumber: '1999' })).body as { id: number }).id;
  ids.network = ((await api('POST', '/api/oncall/divisions', { name: 'Network', fallbackNumber: '+46812345678' })).body as { id: number }).id;
  ids.alice = ((await api('POST', '/api/oncall/members', { name: 'Alice Andersson', phone: '+46701234567', pin: '246810', divisionIds: [ids.service, ids.network] })).body as { id: number }).id;
  ids.bob = ((await api('POST', '/api/oncall/members', { name: 'Bob Berg', phone: '1002', pin: '135790', divisionIds: [ids.service] })).body as { id: number }).id;
  await api('POST', '/api/oncall/members', { name: 'Dora Disabled', phone: '1003', pin: '135791', active: false, divisionIds: [ids.service] });
  await api('PUT', `/api/oncall/divisions/${ids.service}/schedule`, {
    enabled: true,
    timeZone: 'Europe/Stockholm',
    rotation: { anchor: '2026-03-02', handovers: [{ weekday: 1, time: '08:00', memberIds: [ids.alice, ids.bob] }, { weekday: 4, time: '17:00', memberIds: [ids.bob] }] },
  });
  await api('POST', `/api/oncall/${ids.service}/overrides`, { memberId: ids.alice });
  await api('POST', `/api/oncall/${ids.network}/takeover`, { memberId: ids.alice, password: TEST_ADMIN.password });
}

/** A phone guesses five wrong PINs over FastAGI; from Bob's phone (1002) his member is locked too. */
async function guessPins(callerId: string): Promise<void> {
  const target = `oncall-takeover?division=${ids.service}`;
  await dialTakeover({ port: agiPort, target, callerId, pins: ['0000', '0001', '0002'] });
  await dialTakeover({ port: agiPort, target, callerId, pins: ['0003', '0004'] });
}

beforeAll(async () => {
  server = await startTestServer({ clientDist: CLIENT_DIST, domains: true });
  await seed((await server.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken);
  const agent = await server.createUser({ username: 'board-agent', displayName: 'Agent Ada', role: 'agent', extension: '7201', password: 'agent-password-1' });
  const adminToken = (await server.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
  ids.lab = ((await server.api('POST', '/api/oncall/divisions', { token: adminToken, body: { name: 'Lab', fallbackNumber: '1888' } })).body as { id: number }).id;
  await server.api('POST', '/api/oncall/members', { token: adminToken, body: { name: 'Ada Agent', phone: '7201', pin: '112233', divisionIds: [ids.lab], accountUserId: agent.id } });
  // The phone side: a FastAGI takeover server on the same database, as Asterisk would reach it;
  // like the server's own module it tells open boards (oncall:changed) when a lockout starts.
  pool = createPool(server.config.db);
  const phoneSide = createOnCallModule({
    pool,
    clock: server.clock,
    logger: pino({ level: 'silent' }),
    pinPepper: server.config.oncall.pinPepper ?? '',
    notifyBoards: (divisionId) => server.server.services.realtime.io.emit('oncall:changed', { divisionId }),
  });
  agi = new AgiServer({ logger: pino({ level: 'silent' }), port: 0 });
  phoneSide.registerAgi(agi);
  agiPort = (await agi.listen()).port;
  launched = await launchChromium();
});

afterAll(async () => {
  await launched?.close();
  await agi?.close();
  await pool?.end();
  await server?.stop();
});

it('shows a lockout made by phone on the open board, and an admin clears it', async () => {
  const { context, page } = await openPage(launched.browser, { viewport: 'desktop' });
  await loginAs(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
  await page.goto(`${server.url}/on-call`);
  const card = page.getByRole('article', { name: 'On-call for Service desk' });
  await card.waitFor();
  expect(await card.getByRole('region', { name: 'Lockouts in Service desk' }).count()).toBe(0);

  await guessPins('1002');
  // No reload and no polling: the server pushes oncall:changed and the board reloads.
  const lockouts = card.getByRole('region', { name: 'Lockouts in Service desk' });
  await lockouts.waitFor({ timeout: 5_000 });
  await lockouts.getByText('Caller 1002 (Bob Berg)').waitFor();
  expect(await lockouts.getByRole('listitem').count()).toBe(2);
  await screenshot(page, 'oncall-lockout-desktop');

  await lockouts.getByRole('button', { name: 'Clear lockout of Caller 1002 (Bob Berg)' }).click();
  await page.getByRole('status').getByText('Lockout cleared').waitFor();
  await lockouts.getByText('Caller 1002 (Bob Berg)').waitFor({ state: 'detached' });
  expect(await lockouts.getByRole('listitem').count()).toBe(1);
  await page.setViewportSize({ width: 390, height: 844 });
  await lockouts.scrollIntoViewIfNeeded();
  await screenshot(page, 'oncall-lockout-phone');
  await context.close();
});

it('shows a non-admin only the last digits of a locked caller ID, and no Clear button', async () => {
  // An unknown number (PIN-only identification): only the caller is locked.
  await guessPins('+46709999123');
  const { context, page } = await openPage(launched.browser, { viewport: 'phone', colorScheme: 'dark' });
  await loginAs(page, server.url, 'board-agent', 'agent-password-1');
  await page.goto(`${server.url}/on-call`);
  const lockouts = page.getByRole('region', { name: 'Lockouts in Service desk' });
  await lockouts.getByText('Caller •••123', { exact: true }).waitFor();
  expect(await page.content()).not.toContain('709999');
  expect(await lockouts.getByRole('button').count()).toBe(0);
  await lockouts.scrollIntoViewIfNeeded();
  await screenshot(page, 'oncall-lockout-agent-phone-dark');
  await context.close();
});

it('lets an admin put an active member of the division on call with the picker', async () => {
  const { context, page } = await openPage(launched.browser, { viewport: 'desktop' });
  await loginAs(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
  await page.goto(`${server.url}/on-call`);
  await page.getByRole('article', { name: 'On-call for Network' }).getByRole('button', { name: 'Take on-call' }).click();
  const picker = page.getByLabel('Who goes on call');
  // Network has only Alice: Bob is in Service desk only.
  expect(await picker.locator('option').allTextContents()).toEqual(['Me (my linked member)', 'Alice Andersson']);
  await page.keyboard.press('Escape');

  await page.getByRole('article', { name: 'On-call for Service desk' }).getByRole('button', { name: 'Take on-call' }).click();
  // Disabled members are not offered.
  expect(await picker.locator('option').allTextContents()).toEqual(['Me (my linked member)', 'Alice Andersson', 'Bob Berg']);
  await picker.selectOption({ label: 'Bob Berg' });
  await page.getByLabel('Your password').fill('wrong-password');
  await page.getByRole('button', { name: 'Put Bob Berg on call' }).click();
  await page.getByRole('dialog').getByRole('alert').waitFor();
  await screenshot(page, 'oncall-take-picker-desktop');
  await page.getByLabel('Your password').fill(TEST_ADMIN.password);
  await page.getByRole('button', { name: 'Put Bob Berg on call' }).click();
  await page.getByRole('status').getByText('Bob Berg is now on call for Service desk.').waitFor();
  expect(await page.getByRole('article', { name: 'On-call for Service desk' }).textContent()).toContain('Bob Berg');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('article', { name: 'On-call for Network' }).getByRole('button', { name: 'Take on-call' }).click();
  await page.getByLabel('Who goes on call').selectOption({ label: 'Alice Andersson' });
  await screenshot(page, 'oncall-take-picker-phone');
  await context.close();
});

for (const viewport of ['desktop', 'phone'] as const) {
  it(`shows the on-call board, recent changes and coming weeks (${viewport})`, async () => {
    const { context, page } = await openPage(launched.browser, { viewport });
    await loginAs(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await page.goto(`${server.url}/on-call`);
    await page.getByRole('article', { name: 'On-call for Network' }).waitFor();
    expect(await page.getByRole('article', { name: 'On-call for Network' }).textContent()).toContain('Alice Andersson');
    await page.getByText('override', { exact: true }).first().waitFor();
    await screenshot(page, `oncall-${viewport}`);
    if (viewport === 'desktop') {
      await page.getByRole('article', { name: 'On-call for Network' }).getByRole('button', { name: 'Take on-call' }).click();
      await page.getByLabel('PIN', { exact: true }).fill('0000');
      await page.getByRole('button', { name: 'Take on-call' }).last().click();
      await page.getByRole('alert').waitFor();
      await screenshot(page, 'oncall-take-dialog');
    }
    await context.close();
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  it(`a member who took on-call sees "Go off call" instead of "Take on-call", and goes off call (${colorScheme})`, async () => {
    const { context, page } = await openPage(launched.browser, { viewport: 'desktop', colorScheme });
    await loginAs(page, server.url, 'board-agent', 'agent-password-1');
    await page.goto(`${server.url}/on-call`);
    const card = page.getByRole('article', { name: 'On-call for Lab' });
    await card.getByRole('button', { name: 'Take on-call' }).click();
    await page.getByLabel('PIN', { exact: true }).fill('112233');
    await page.getByRole('dialog').getByRole('button', { name: 'Take on-call' }).click();
    await page.getByRole('status').getByText('You are now on call for Lab.').waitFor();
    await card.getByText('You', { exact: true }).waitFor();
    expect(await card.getByRole('button', { name: 'Take on-call' }).count()).toBe(0);
    expect(await card.getByRole('button').allTextContents()).toEqual(['Go off call']);
    await screenshot(page, `oncall-mine-desktop-${colorScheme}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, `oncall-mine-phone-${colorScheme}`);

    await card.getByRole('button', { name: 'Go off call' }).click();
    await page.getByRole('status').getByText('You are off call for Lab: calls go to 1888.').waitFor();
    await card.getByText('Nobody — calls go to 1888').waitFor();
    await card.getByRole('button', { name: 'Take on-call' }).waitFor();
    await screenshot(page, `oncall-off-call-phone-${colorScheme}`);
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, `oncall-off-call-desktop-${colorScheme}`);
    await context.close();
  });
}

it('an admin hands a line back; the audit filter shows words, not event names', async () => {
  const { context, page } = await openPage(launched.browser, { viewport: 'desktop' });
  await loginAs(page, server.url, TEST_ADMIN.username, TEST_ADMIN.password);
  await page.goto(`${server.url}/on-call`);
  const card = page.getByRole('article', { name: 'On-call for Network' });
  await card.getByRole('button', { name: 'Hand Network back to the schedule' }).click();
  await page.getByRole('status').getByText('Alice Andersson is off call for Network: calls go to +46812345678.').waitFor();
  await page.goto(`${server.url}/on-call/audit`);
  await page.getByLabel('Type').locator('option', { hasText: 'PIN accepted' }).waitFor({ state: 'attached' });
  const options = await page.getByLabel('Type').locator('option').allTextContents();
  expect(options).toContain('PIN accepted');
  expect(options).toContain('Lockout cleared');
  expect(options).toContain('Schedule changed');
  expect(options.join(' ')).not.toMatch(/_/);
  await page.getByRole('cell', { name: 'On-call changed' }).first().waitFor();
  await screenshot(page, 'oncall-audit-words-desktop');
  await context.close();
});
