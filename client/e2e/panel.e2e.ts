import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Ack, CallView, PanelActionResult, QueuePauseRequest, SpyRequest } from '@ondeck/shared';
import type { TestServer } from '../../server/test/harness';
import { startPbxStack } from '../../server/test/pbx-stack';
import { ManualClock, type DialedCall, type RecordedAction, type RunningSimulator } from '../../server/simulator';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { demoLogin, loginAs, openPage, screenshot, type ColorScheme, type ViewportName } from './support/app';
import { waitFor } from '../../server/test/wait-for';
import { AmiClient } from '../../server/src/pbx/ami';

const until = (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> => waitFor(check, what, timeoutMs);

/**
 * The live panel in a real browser against the whole path production runs: PBX simulator →
 * AMI link → PBX model → live panel → Socket.IO → Vue. The simulator's clock is manual, so a
 * call rings until the test answers it; the server's and the browser's clocks are real, so
 * timers on screen run. Demo supervisor `sup` is 1001 with scope 1001-1010 + queue support and
 * every monitor mode; `lena` (created below) may only listen.
 */
const IN_SCOPE = ['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008'];
const OUT_OF_SCOPE = ['2001', '2002', '2003'];
/** An out-of-scope number anywhere in the page text (not as part of a longer number). */
const OUT_OF_SCOPE_TEXT = /(?<![\d.])200[123](?![\d])|billing/;
const SUP = demoLogin('sup');
const LENA = { login: 'lena', password: 'lena-listens-1' };

let sim: RunningSimulator;
const simClock = new ManualClock(Date.now());
let server: TestServer;
let launched: LaunchedBrowser;
let browser: Browser;

/** What the panel made OnDeck send the PBX after index `from`: the link's own keep-alive Ping (real time, every 15 s) is not. */
function panelActionsAfter(from: number): RecordedAction[] {
  return sim.recordedActions.slice(from).filter((a) => a.action !== 'Ping');
}

/** The first action of that name the simulator received after index `from`. */
function recordedAfter(from: number, action: string): RecordedAction | undefined {
  return sim.recordedActions.slice(from).find((a) => a.action === action);
}

/**
 * The simulator's clock only moves when told; channel ids carry its time, and the server reads
 * call start times from them. Catching it up with real time keeps durations on screen real.
 * (It fires due simulator timers, so call it before placing calls, not while one rings.)
 */
function syncSimClock(): void {
  const behind = Date.now() - simClock.now();
  if (behind > 0) simClock.advance(behind);
}

const tile = (page: Page, extension: string): Locator => page.locator(`.tile[data-extension="${extension}"]`);

/** "1:05" or "1:02:03" → seconds. */
function seconds(timer: string): number {
  return timer.trim().split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

async function adminCalls(): Promise<CallView[]> {
  const admin = await server.loginDemo('admin');
  const response = await server.api('GET', '/api/calls', { token: admin.accessToken });
  return (response.body as { calls: CallView[] }).calls;
}

/**
 * A panel action sent straight over the page's own socket, past the UI, as a curious user
 * could from the console. Goes through the app's Pinia store, which owns the socket.
 */
async function emitFromPage(page: Page, action: 'spy', payload: SpyRequest): Promise<Ack<PanelActionResult>>;
async function emitFromPage(page: Page, action: 'queuePause', payload: QueuePauseRequest): Promise<Ack<PanelActionResult>>;
async function emitFromPage(page: Page, action: 'spy' | 'queuePause', payload: SpyRequest | QueuePauseRequest): Promise<Ack<PanelActionResult>> {
  return page.evaluate(
    async ([name, body]) => {
      interface PiniaLike { _s: Map<string, Record<string, (request: unknown) => Promise<unknown>>> }
      const root = document.querySelector<Element & { __vue_app__?: { config: { globalProperties: { $pinia: PiniaLike } } } }>('#app');
      const store = root?.__vue_app__?.config.globalProperties.$pinia._s.get('pbx');
      if (!store) throw new Error('the panel store is not there');
      return (await store[name]?.(body)) as Ack<PanelActionResult>;
    },
    [action, payload] as const,
  );
}

beforeAll(async () => {
  ({ sim, server } = await startPbxStack({
    simulator: {
      clock: simClock,
      extensions: [...IN_SCOPE, ...OUT_OF_SCOPE],
      queues: { support: ['1002', '1003', '1004', '1005'], billing: ['2001', '2002'] },
      rtcpIntervalMs: 0,
    },
    server: { demo: true, clientDist: CLIENT_DIST },
    syncTimeoutMs: 30_000,
  }));
  await server.createUser({
    username: LENA.login,
    displayName: 'Lena Listener',
    role: 'supervisor',
    extension: '1004',
    password: LENA.password,
    monitorModes: ['listen'],
    scope: { extensions: ['1002', '1003', '1004'], queues: [] },
  });
  // Supervisors' phones pick up a monitoring call as soon as the test moves the clock.
  sim.world.phoneAnswerDelayMs = 0;
  launched = await launchChromium();
  browser = launched.browser;
}, 120_000);

/** The supervisor's phone answers the ChanSpy call (the simulator's clock moves a tick). */
function answerSpyLeg(): void {
  simClock.advance(1);
}

/** A member added the FreePBX way on this plain PBX: Asterisk says Invalid; so must the panel. */
async function addInvalidMember(extension: string): Promise<void> {
  const ami = new AmiClient({ host: sim.host, port: sim.port, username: 'panel', secret: 'panelsecret' });
  await ami.connect();
  await ami.action({ Action: 'QueueAdd', Queue: 'support', Interface: `Local/${extension}@from-queue/n`, MemberName: `Ext ${extension}`, StateInterface: `hint:${extension}@ext-local` });
  ami.close();
}

let simStopped = false;

afterAll(async () => {
  await launched?.close();
  await server?.stop();
  if (!simStopped) await sim?.stop();
});

describe('live panel as a scoped supervisor', () => {
  let page: Page;
  let closePage: () => Promise<void>;
  let call: DialedCall;

  beforeAll(async () => {
    const opened = await openPage(browser);
    page = opened.page;
    closePage = () => opened.context.close();
    await loginAs(page, server.url, SUP.login, SUP.password);
  });

  afterAll(async () => closePage?.());

  it('shows only the tiles in the supervisor\'s scope, and says Live with the PBX up', async () => {
    for (const extension of IN_SCOPE) await tile(page, extension).waitFor();
    await page.getByTestId('connection-pill').getByText('Live').waitFor();
    for (const extension of OUT_OF_SCOPE) expect(await tile(page, extension).count()).toBe(0);
    expect(await page.locator('.tile').count()).toBe(IN_SCOPE.length);
    expect(await page.locator('body').innerText()).not.toMatch(OUT_OF_SCOPE_TEXT);
    // The queue filter offers their queue only.
    expect(await page.locator('select').nth(1).innerText()).not.toMatch(OUT_OF_SCOPE_TEXT);
  });

  it('shows a simulated call on the tiles within a second, with a running timer', async () => {
    const started = Date.now();
    syncSimClock();
    call = sim.scenarios.call('1002', '1003');
    await tile(page, '1003').locator('.status', { hasText: 'Ringing' }).waitFor({ timeout: 1000 });
    await tile(page, '1002').locator('.status', { hasText: 'In call' }).waitFor({ timeout: Math.max(1, 1000 - (Date.now() - started)) });
    expect(Date.now() - started).toBeLessThanOrEqual(1000);

    call.answer();
    await tile(page, '1003').locator('.status', { hasText: 'In call' }).waitFor({ timeout: 1000 });
    const timer = tile(page, '1002').locator('.timer');
    await timer.waitFor({ timeout: 1000 });
    const first = seconds((await timer.textContent()) ?? '');
    const firstReadAt = Date.now();
    // The shared tick is one second, so the second reading may need up to one more tick.
    let second = first;
    await until(async () => {
      second = seconds((await timer.textContent()) ?? '');
      return Date.now() - firstReadAt >= 1100 && second > first;
    }, 'the call timer to advance', 3000);
    expect(second).toBeGreaterThan(first);
    // Calls elsewhere on the PBX stay off this page.
    sim.scenarios.call('2001', '2002').answer();
    await until(async () => (await adminCalls()).some((c) => c.extensions.includes('2001')), 'the out-of-scope call on the server');
    expect(await page.locator('body').innerText()).not.toMatch(OUT_OF_SCOPE_TEXT);
  });

  it('Listen from the actions menu makes the server originate ChanSpy on the spied channel', async () => {
    await tile(page, '1002').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('group', { name: 'Supervise this call' }).waitFor();
    // This supervisor has every mode, so all three are offered (lena below has only Listen).
    for (const mode of ['Listen', 'Whisper', 'Barge']) expect(await dialog.getByRole('button', { name: mode, exact: true }).count()).toBe(1);
    await screenshot(page, 'panel-actions-dialog-desktop-light');

    const before = sim.recordedActions.length;
    await dialog.getByRole('button', { name: 'Listen', exact: true }).click();
    await until(() => recordedAfter(before, 'Originate') !== undefined, 'the Originate');
    const originate = recordedAfter(before, 'Originate');
    expect(originate?.fields).toMatchObject({
      Action: 'Originate',
      Channel: 'PJSIP/1001',
      Application: 'ChanSpy',
      Data: `${call.caller.name},qEdu`,
    });
    await dialog.waitFor({ state: 'hidden' });
    // The outcome is said beside the heading, in words.
    await page.locator('.feedback').filter({ hasText: /\S/ }).waitFor();
    await screenshot(page, 'panel-extensions-listen-feedback-desktop-light');
  });

  it('shows the running session in a bar with Switch (ChanSpy mode keys) and Stop, and refuses a second one', async () => {
    answerSpyLeg();
    const bar = page.getByRole('region', { name: 'Monitoring' });
    await bar.getByText('Listening to 1002').waitFor({ timeout: 2000 });
    expect(await bar.getByRole('button', { name: 'Listen' }).getAttribute('aria-pressed')).toBe('true');
    let before = sim.recordedActions.length;
    await bar.getByRole('button', { name: 'Whisper' }).click();
    await bar.getByText('Whispering to 1002').waitFor({ timeout: 2000 });
    const spyChannel = (await adminCalls()).find((c) => c.spying?.spy === '1001')?.spying?.spyChannel;
    expect(recordedAfter(before, 'PlayDTMF')?.fields).toMatchObject({ Channel: spyChannel, Digit: '5', Receive: 'true' });
    // Keyboard: Tab reaches the buttons, Enter presses them.
    before = sim.recordedActions.length;
    await bar.getByRole('button', { name: 'Barge' }).focus();
    await page.keyboard.press('Enter');
    await bar.getByText('Barging in on 1002').waitFor({ timeout: 2000 });
    expect(recordedAfter(before, 'PlayDTMF')?.fields).toMatchObject({ Digit: '6' });
    await tile(page, '1001').locator('.status', { hasText: 'In call' }).waitFor();
    await screenshot(page, 'panel-monitoring-bar-desktop-light');

    // A second session is not offered while this one runs, and the dialog says why.
    await tile(page, '1003').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('You are already listening to 1002').waitFor();
    expect(await dialog.getByRole('button', { name: 'Listen', exact: true }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    before = sim.recordedActions.length;
    await bar.getByRole('button', { name: 'Stop' }).click();
    await bar.waitFor({ state: 'hidden', timeout: 2000 });
    expect(recordedAfter(before, 'Hangup')?.fields).toMatchObject({ Channel: spyChannel });
    // The spied call goes on.
    await tile(page, '1002').locator('.status', { hasText: 'In call' }).waitFor();
  });

  it('asks before hanging up, and Cancel (focused first) sends nothing', async () => {
    await tile(page, '1002').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Hang up…' }).click();
    await dialog.getByText('Hang up this call?').waitFor();
    await screenshot(page, 'panel-hangup-confirm-desktop-light');
    const before = sim.recordedActions.length;
    // Cancel has the focus, so Enter backs out.
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Hang up…' }).waitFor();
    expect(sim.recordedActions.slice(before).map((a) => a.action)).not.toContain('Hangup');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('opens no empty dialog for an idle tile with nothing to do, and offers Call on one the user may call', async () => {
    await tile(page, '1001').click();
    await page.locator('.feedback', { hasText: '1001 has no call, and there is nothing to do on it right now.' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await tile(page, '1005').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('No call on 1005 right now.').waitFor();
    await dialog.getByRole('button', { name: 'Call 1005' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('returns the tiles to idle and drops the timer when the call ends', async () => {
    await page.getByRole('link', { name: 'Extensions' }).click();
    call.hangup('caller');
    for (const extension of ['1002', '1003']) {
      await tile(page, extension).locator('.status', { hasText: 'Idle' }).waitFor({ timeout: 2000 });
      expect(await tile(page, extension).locator('.timer').count()).toBe(0);
    }
  });

  it('pauses a queue member with a reason and shows the reason on the row', async () => {
    await page.getByRole('link', { name: 'Queues' }).click();
    const card = page.getByRole('article', { name: 'Queue support' });
    const row = card.locator('[data-member="1003"]');
    await row.waitFor();
    expect(await page.getByRole('article', { name: 'Queue billing' }).count()).toBe(0);

    const before = sim.recordedActions.length;
    await row.getByRole('combobox').selectOption('Lunch');
    await row.getByRole('button', { name: 'Pause', exact: true }).click();
    await row.locator('.state', { hasText: 'Paused: Lunch' }).waitFor({ timeout: 2000 });
    expect(recordedAfter(before, 'QueuePause')?.fields).toMatchObject({
      Action: 'QueuePause',
      Queue: 'support',
      Interface: 'PJSIP/1003',
      Paused: 'true',
      Reason: 'Lunch',
    });
  });

  it('adds a member as the PBX’s device, marks an Invalid member, and asks before removing one', async () => {
    const card = page.getByRole('article', { name: 'Queue support' });
    let before = sim.recordedActions.length;
    await card.getByLabel('Extension to add to queue support').fill('1006');
    await card.getByRole('button', { name: 'Add member' }).click();
    const added = card.locator('[data-member="1006"]');
    await added.waitFor({ timeout: 2000 });
    expect(recordedAfter(before, 'QueueAdd')?.fields).toMatchObject({ Queue: 'support', Interface: 'PJSIP/1006', StateInterface: 'PJSIP/1006' });
    expect(await added.locator('.state').innerText()).toBe('Available');
    // Outside the supervisor's scope: refused in words, nothing sent.
    before = sim.recordedActions.length;
    await card.getByLabel('Extension to add to queue support').fill('2003');
    await card.getByRole('button', { name: 'Add member' }).click();
    await page.locator('.feedback', { hasText: '2003 is not in your scope' }).waitFor();
    expect(sim.recordedActions.slice(before).map((a) => a.action)).not.toContain('QueueAdd');

    await addInvalidMember('1007');
    const invalid = card.locator('[data-member="1007"]');
    await invalid.locator('.state.invalid', { hasText: 'Invalid' }).waitFor({ timeout: 2000 });
    await invalid.getByText('never rings').waitFor();

    await added.getByRole('button', { name: 'Remove…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove from queue support?' });
    await confirm.waitFor();
    await screenshot(page, 'panel-queue-remove-confirm-desktop-light');
    before = sim.recordedActions.length;
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await added.waitFor({ state: 'detached', timeout: 2000 });
    expect(recordedAfter(before, 'QueueRemove')?.fields).toMatchObject({ Queue: 'support', Interface: 'PJSIP/1006' });
  });

  it('refuses an out-of-scope action sent straight over the socket, and sends nothing to the PBX', async () => {
    const outside = (await adminCalls()).find((c) => c.extensions.includes('2001'));
    if (!outside) throw new Error('no out-of-scope call');
    const before = sim.recordedActions.length;

    const spy = await emitFromPage(page, 'spy', { callId: outside.id, mode: 'listen' });
    expect(spy.ok).toBe(false);
    if (!spy.ok) {
      expect(['forbidden', 'not_found']).toContain(spy.error.code);
      expect(spy.error.message.length).toBeGreaterThan(10);
    }
    const pause = await emitFromPage(page, 'queuePause', { queue: 'billing', extension: '2001', reason: 'Lunch' });
    expect(pause.ok).toBe(false);
    if (!pause.ok) expect(['forbidden', 'not_found']).toContain(pause.error.code);

    // The server answers after it has (or has not) talked to the PBX: nothing may have gone out.
    expect(panelActionsAfter(before).map((a) => a.action)).toEqual([]);
    // The same socket still works for an allowed action, so the refusal above was about scope.
    const allowed = await emitFromPage(page, 'queuePause', { queue: 'support', extension: '1004', reason: 'Break' });
    expect(allowed.ok).toBe(true);
    expect(recordedAfter(before, 'QueuePause')?.fields).toMatchObject({ Queue: 'support', Interface: 'PJSIP/1004', Reason: 'Break' });
    // A reason the admin did not configure is refused as well.
    const badReason = await emitFromPage(page, 'queuePause', { queue: 'support', extension: '1005', reason: 'Coffee' });
    expect(badReason.ok).toBe(false);
    expect(sim.recordedActions.slice(before).filter((a) => a.action === 'QueuePause')).toHaveLength(1);
  });
});

describe('a supervisor who may only listen', () => {
  it('is offered Listen and not Whisper or Barge', async () => {
    const { context, page } = await openPage(browser);
    await loginAs(page, server.url, LENA.login, LENA.password);
    await tile(page, '1002').waitFor();
    const call = sim.scenarios.call('1002', '1003');
    call.answer();
    await tile(page, '1002').locator('.status', { hasText: 'In call' }).waitFor({ timeout: 2000 });
    await tile(page, '1002').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Listen', exact: true }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Whisper', exact: true }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Barge', exact: true }).count()).toBe(0);

    // Asked for a whisper anyway, over the socket, the server refuses it and sends nothing.
    const callId = (await adminCalls()).find((c) => c.extensions.includes('1002') && c.extensions.includes('1003'))?.id;
    if (!callId) throw new Error('no 1002 call');
    const before = sim.recordedActions.length;
    const whisper = await emitFromPage(page, 'spy', { callId, mode: 'whisper' });
    expect(whisper).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(panelActionsAfter(before)).toEqual([]);
    await page.keyboard.press('Escape');
    call.hangup('callee');
    await tile(page, '1002').locator('.status', { hasText: 'Idle' }).waitFor({ timeout: 2000 });

    // Nothing of hers is on a call and she has no queue: both views say so in words.
    await page.getByRole('link', { name: 'Calls' }).click();
    await page.getByText('No calls right now.').waitFor();
    await screenshot(page, 'panel-calls-empty-desktop-light');
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByText('No queues on your panel.').waitFor();
    await screenshot(page, 'panel-queues-empty-desktop-light');
    await context.close();
  });
});

/** Puts the PBX into a busy-afternoon state: talking, ringing, on hold, away, queue callers. */
function busyAfternoon(): void {
  syncSimClock();
  sim.scenarios.call('1002', '1003').answer();
  sim.scenarios.inbound('+15550100', '1007').answer();
  const held = sim.scenarios.call('1004', '1005');
  held.answer();
  held.hold('callee');
  sim.scenarios.inbound('+442079460123', '1006');
  sim.scenarios.setRegistered('1008', false);
  // Every support member is busy or paused, so these two wait.
  sim.scenarios.queueCall('+15550123', 'support', { trunk: true });
  sim.scenarios.queueCall('+4470000456', 'support', { trunk: true });
}

describe('screenshots of every panel view', () => {
  beforeAll(async () => {
    busyAfternoon();
    // A dynamic member (removable) the PBX reports Invalid, for the queue screenshots.
    await addInvalidMember('1008');
    const admin = await server.loginDemo('admin');
    await until(async () => {
      const response = await server.api('GET', '/api/queues', { token: admin.accessToken });
      const support = (response.body as { queues: Array<{ name: string; callers: unknown[] }> }).queues.find((q) => q.name === 'support');
      return (support?.callers.length ?? 0) >= 2;
    }, 'two callers waiting in support');
  });

  it.each([
    ['desktop', 'light'],
    ['desktop', 'dark'],
    ['phone', 'light'],
    ['phone', 'dark'],
  ] as [ViewportName, ColorScheme][])('at %s size in the %s theme', async (viewport, theme) => {
    const { context, page } = await openPage(browser, { viewport, colorScheme: theme });
    const name = (view: string): string => `panel-${view}-${viewport}-${theme}`;
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username or extension').waitFor();
    await screenshot(page, name('login'));

    await loginAs(page, server.url, SUP.login, SUP.password);
    await tile(page, '1004').locator('.status', { hasText: 'On hold' }).waitFor();
    await page.getByTestId('connection-pill').getByText('Live').waitFor();
    await screenshot(page, name('extensions'));
    await page.getByLabel('Compact').check();
    await screenshot(page, name('extensions-compact'));
    await page.getByLabel('Compact').uncheck();

    await tile(page, '1002').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Listen', exact: true }).waitFor();
    await screenshot(page, name('actions-dialog'));
    await page.getByRole('dialog').getByRole('button', { name: 'Hang up…' }).click();
    await page.getByRole('dialog').getByText('Hang up this call?').waitFor();
    await screenshot(page, name('hangup-confirm'));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // An idle tile: no empty dialog; the one for a tile the user may call says so and offers Call.
    await tile(page, '1008').click();
    await page.getByRole('dialog').getByText('No call on 1008 right now.').waitFor();
    await screenshot(page, name('idle-tile-dialog'));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // A running monitoring session: the bar with its mode, Switch and Stop.
    await tile(page, '1002').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Whisper', exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    answerSpyLeg();
    const bar = page.getByRole('region', { name: 'Monitoring' });
    await bar.getByText('Whispering to 1002').waitFor({ timeout: 2000 });
    await tile(page, '1001').locator('.status', { hasText: 'In call' }).waitFor();
    await screenshot(page, name('monitoring'));
    await bar.getByRole('button', { name: 'Stop' }).click();
    await bar.waitFor({ state: 'hidden', timeout: 2000 });

    await page.goto(`${server.url}/calls`);
    await page.locator('tbody tr').nth(2).waitFor();
    await screenshot(page, name('calls'));
    // The 2001-2002 call is still up on the PBX: not on this list.
    expect(await page.locator('body').innerText()).not.toMatch(OUT_OF_SCOPE_TEXT);

    await page.goto(`${server.url}/queues`);
    await page.getByRole('article', { name: 'Queue support' }).getByText('Paused: Lunch').waitFor();
    await page.getByRole('article', { name: 'Queue support' }).locator('[data-member="1008"] .state.invalid').waitFor();
    await screenshot(page, name('queues'));
    await page.getByRole('article', { name: 'Queue support' }).locator('[data-member="1008"]').getByRole('button', { name: 'Remove…' }).click();
    await page.getByRole('dialog', { name: 'Remove from queue support?' }).waitFor();
    await screenshot(page, name('queue-remove-confirm'));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await page.locator('body').innerText()).not.toMatch(OUT_OF_SCOPE_TEXT);

    await page.goto(`${server.url}/wallboard`);
    await page.getByRole('article', { name: 'Queue support' }).waitFor();
    await screenshot(page, name('wallboard'));
    expect(await page.locator('body').innerText()).not.toMatch(OUT_OF_SCOPE_TEXT);
    await context.close();
  });
});

describe('when the PBX goes away', () => {
  it('the pill says so and the tiles are marked as not live, timers frozen', async () => {
    const { context, page } = await openPage(browser, { colorScheme: 'dark' });
    await loginAs(page, server.url, SUP.login, SUP.password);
    await tile(page, '1002').locator('.status', { hasText: 'In call' }).waitFor();
    const pill = page.getByTestId('connection-pill');
    await pill.getByText('Live').waitFor();

    simStopped = true;
    await sim.stop();
    await pill.getByText('PBX reconnecting').waitFor({ timeout: 10_000 });
    await page.getByRole('status').getByText('Not live.').waitFor();
    expect(await tile(page, '1002').locator('.timer').textContent()).toBe('—:—');
    expect(await tile(page, '1002').getAttribute('aria-label')).toContain('not live');
    await screenshot(page, 'panel-extensions-pbx-down-desktop-dark');
    await context.close();
  });
});
