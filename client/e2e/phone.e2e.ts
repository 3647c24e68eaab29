/**
 * Softphone end-to-end below the UI: three headless Chromium pages (A 1001, B 1002, C 1003)
 * run the real Phone class from a small harness page (phone-harness.html), register to a real
 * Kamailio over SIP-over-WebSocket and call each other with real WebRTC media on loopback.
 * The everyday flows (calls, DTMF, hold, mute, transfers, decline, drops and restarts) run
 * through the real app in phone-app.e2e.ts; this file keeps what the UI cannot reach or show:
 * the Phone's own refusals, 486 busy, the in-browser conference mix and call waiting.
 * Run through `node client/e2e/run-phone-e2e.mjs`, which enters a network namespace first;
 * elsewhere (e.g. the shell's browser suite) this file skips itself.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchPhoneChromium, type PhoneBrowser } from './phone-chromium';
import { startHarnessServer, type HarnessServer } from './phone-harness-server';
import { TestKamailio } from './phone-kamailio';
import { PhonePage } from './phone-page';
import { CallState } from '../src/phone/state/call-state';
import { RegistrationState } from '../src/phone/state/registration-state';

const IN_NAMESPACE = process.env.ONDECK_PHONE_E2E === '1';
const WS_PORT = 5066;

let kamailio: TestKamailio;
let server: HarnessServer;
let chromium: PhoneBrowser;
let a: PhonePage;
let b: PhonePage;
let c: PhonePage;

/** A dials `to`, `to` answers; returns both call ids once both sides are talking. */
async function connect(from: PhonePage, to: PhonePage): Promise<{ fromCall: string; toCall: string }> {
  const fromCall = await from.must('dial', to.extension);
  if (!fromCall) throw new Error('dial returned no call id');
  const ringing = await to.waitForCall(CallState.RingingIn);
  await to.must('answer', undefined, ringing.id);
  await from.waitForCall(CallState.Talking, (call) => call.id === fromCall);
  await to.waitForCall(CallState.Talking, (call) => call.id === ringing.id);
  return { fromCall, toCall: ringing.id };
}

describe.skipIf(!IN_NAMESPACE)('softphone in Chromium against Kamailio', () => {
  beforeAll(async () => {
    kamailio = new TestKamailio(WS_PORT);
    await kamailio.start();
    server = await startHarnessServer();
    chromium = await launchPhoneChromium();
    [a, b, c] = await Promise.all(['1001', '1002', '1003'].map((ext) => PhonePage.open(chromium.browser, server.origin, ext))) as [
      PhonePage,
      PhonePage,
      PhonePage,
    ];
    for (const page of [a, b, c]) await page.start(kamailio.url);
    for (const page of [a, b, c]) await page.waitFor('registration', (s) => s.registration.state === RegistrationState.Registered);
  });

  afterEach(async () => {
    // Leave no call behind for the next test, then insist nothing went wrong in any page.
    for (const page of [a, b, c]) {
      const snapshot = await page.snapshot();
      for (const call of snapshot?.calls ?? []) if (call.state !== CallState.Ended) await page.act('hangup', undefined, call.id);
    }
    for (const page of [a, b, c]) await page.waitForNoLiveCalls();
    for (const page of [a, b, c]) expect(await page.pageErrors(), `problems in ${page.extension}`).toEqual([]);
  });

  afterAll(async () => {
    if (process.env.ONDECK_PHONE_E2E_DEBUG === '1') console.log(kamailio?.log);
    for (const page of [a, b, c]) await page?.close();
    await chromium?.close();
    await server?.close();
    await kamailio?.dispose();
  });

  it('refuses a malformed number before dialling and a wrong password at registration', async () => {
    const refused = await a.act('dial', '12ab');
    expect(refused).toEqual({ ok: false, error: 'Only digits, *, # and a leading + can be dialled' });
    expect((await a.snapshot())?.calls).toEqual([]);

    const intruder = await PhonePage.open(chromium.browser, server.origin, '1009');
    try {
      await intruder.start(kamailio.url, { password: 'wrong' });
      const failed = await intruder.waitFor('auth failure', (s) => s.registration.state === RegistrationState.Failed);
      expect(failed.registration.failure).toMatchObject({ reason: 'auth', statusCode: 401 });
      expect(await intruder.pageErrors()).toEqual([]);
    } finally {
      await intruder.close();
    }
  });

  it('tells the caller what busy means (486, which the app UI does not send itself)', async () => {
    const busyCall = await a.must('dial', b.extension);
    await b.must('busy', undefined, (await b.waitForCall(CallState.RingingIn)).id);
    const busy = await a.waitFor('busy', (s) => s.calls.some((call) => call.id === busyCall && call.state === CallState.Ended));
    expect(busy.calls.find((call) => call.id === busyCall)?.outcome).toMatchObject({ code: 486, kind: 'busy', message: 'Busy' });
  });

  it('merges a three-way conference in the browser: B hears C only through A', async () => {
    const { fromCall: aToB, toCall: bCall } = await connect(a, b);
    const dialC = a.act('dial', c.extension);
    const cCall = (await c.waitForCall(CallState.RingingIn)).id;
    await c.must('answer', undefined, cCall);
    expect((await dialC).ok).toBe(true);
    await a.waitForCall(CallState.Held, (call) => call.id === aToB);
    // The answer reaches C before A's side is talking; merging needs both of A's calls connected.
    await a.waitForCall(CallState.Talking, (call) => call.id !== aToB);
    await a.must('merge');
    await a.waitFor('conference', (s) => s.conference && s.calls.filter((call) => call.state === CallState.Conference).length === 2);
    // With A's microphone and C both muted B must hear silence: A's mute works inside the mix.
    await a.must('mute', undefined, aToB);
    await c.must('mute', undefined, cCall);
    await b.page.waitForTimeout(500);
    const silent = await b.growth(bCall, 2500);
    // C unmuted: what B hears now can only have come from C, mixed into A's sender.
    await c.must('unmute', undefined, cCall);
    await b.page.waitForTimeout(500);
    const fromC = await b.growth(bCall, 2500);
    expect(fromC.totalAudioEnergy).toBeGreaterThan(0);
    expect(silent.totalAudioEnergy).toBeLessThan(fromC.totalAudioEnergy / 1000);

    // When C leaves, A and B are a plain call again.
    await c.must('hangup', undefined, cCall);
    await a.waitForCall(CallState.Talking, (call) => call.id === aToB);
    expect((await a.snapshot())?.conference).toBe(false);
  });

  it('call waiting: answering a second call holds the first, and resuming swaps back', async () => {
    const { fromCall: aToB } = await connect(a, b);
    await c.must('dial', a.extension);
    const waiting = await a.waitForCall(CallState.RingingIn);
    await a.must('answer', undefined, waiting.id);
    await a.waitForCall(CallState.Held, (call) => call.id === aToB);
    await a.waitForCall(CallState.Talking, (call) => call.id === waiting.id);
    expect((await a.growth(waiting.id)).bytesReceived).toBeGreaterThan(0);

    await a.must('hangup', undefined, waiting.id);
    await a.must('resume', undefined, aToB);
    await a.waitForCall(CallState.Talking, (call) => call.id === aToB);
    expect((await a.growth(aToB)).bytesReceived).toBeGreaterThan(0);
  });

});
