import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CallSnapshot, PhoneSnapshot } from '../src/phone';
// The state modules directly: the public index would load SIP.js into this Node process.
import { CallState } from '../src/phone/state/call-state';
import type { ActionResult, AudioStats, HarnessAction, HarnessEvent, PhoneHarness } from './phone-harness';
import { extensionPassword } from './phone-kamailio';

type HarnessWindow = { phoneHarness: PhoneHarness };

export interface PhonePageOptions {
  password?: string;
  codecPreference?: 'pcmu-only' | 'opus-preferred';
}

/** One Chromium page running the real Phone for one extension, driven through the harness. */
export class PhonePage {
  /** Console errors and page errors; every test asserts this stays empty. */
  readonly problems: string[] = [];

  private constructor(
    readonly extension: string,
    readonly page: Page,
    private readonly context: BrowserContext,
  ) {
    page.on('console', (message) => {
      if (process.env.ONDECK_PHONE_E2E_DEBUG === '1') console.log(`[${extension} ${message.type()}] ${message.text()}`);
      if (message.type() === 'error') this.problems.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
  }

  static async open(browser: Browser, origin: string, extension: string): Promise<PhonePage> {
    const context = await browser.newContext({ permissions: ['microphone'] });
    const page = await context.newPage();
    const phonePage = new PhonePage(extension, page, context);
    await page.goto(`${origin}/e2e/phone-harness.html`);
    await page.waitForFunction(() => 'phoneHarness' in window);
    return phonePage;
  }

  async start(server: string, options: PhonePageOptions = {}): Promise<void> {
    const config = {
      server,
      extension: this.extension,
      password: options.password ?? extensionPassword(this.extension),
      displayName: `Ext ${this.extension}`,
      domain: '127.0.0.1',
      iceGatheringTimeoutMs: 800,
      codecPreference: options.codecPreference ?? 'pcmu-only',
    };
    await this.page.evaluate((c) => (window as unknown as HarnessWindow).phoneHarness.start(c), config);
  }

  snapshot(): Promise<PhoneSnapshot | null> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).phoneHarness.snapshot());
  }

  async act(action: HarnessAction, argument?: string, callId?: string): Promise<ActionResult> {
    return this.page.evaluate(
      ([a, arg, id]) => (window as unknown as HarnessWindow).phoneHarness.act(a, arg, id),
      [action, argument, callId] as const,
    );
  }

  /** Runs an action that must succeed; returns its value (e.g. a call id). */
  async must(action: HarnessAction, argument?: string, callId?: string): Promise<string | null> {
    const result = await this.act(action, argument, callId);
    if (!result.ok) throw new Error(`${this.extension} ${action} failed: ${result.error}`);
    return result.value;
  }

  stats(callId?: string): Promise<AudioStats | null> {
    return this.page.evaluate((id) => (window as unknown as HarnessWindow).phoneHarness.stats(id), callId);
  }

  /** Stats growth of one call over a sampling window (only deltas are asserted, never timings). */
  async growth(callId: string, windowMs = 1500): Promise<AudioStats> {
    const before = await this.stats(callId);
    await this.page.waitForTimeout(windowMs);
    const after = await this.stats(callId);
    if (!before || !after) throw new Error(`${this.extension}: no stats for ${callId}`);
    return {
      bytesReceived: after.bytesReceived - before.bytesReceived,
      bytesSent: after.bytesSent - before.bytesSent,
      totalAudioEnergy: after.totalAudioEnergy - before.totalAudioEnergy,
      direction: after.direction,
    };
  }

  events(): Promise<HarnessEvent[]> {
    return this.page.evaluate(() => [...(window as unknown as HarnessWindow).phoneHarness.events]);
  }

  async pageErrors(): Promise<string[]> {
    const inPage = await this.page.evaluate(() => [...(window as unknown as HarnessWindow).phoneHarness.errors]);
    return [...this.problems, ...inPage];
  }

  /** Polls the snapshot until `predicate` holds; fails with the last snapshot. */
  async waitFor(what: string, predicate: (snapshot: PhoneSnapshot) => boolean, timeoutMs = 15_000): Promise<PhoneSnapshot> {
    const deadline = Date.now() + timeoutMs;
    let last: PhoneSnapshot | null = null;
    while (Date.now() < deadline) {
      last = await this.snapshot();
      if (last && predicate(last)) return last;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`${this.extension}: timed out waiting for ${what}; last snapshot ${JSON.stringify(last)}`);
  }

  /** The live call in `state`, waiting for it to appear. */
  async waitForCall(state: CallState, extra: (call: CallSnapshot) => boolean = () => true): Promise<CallSnapshot> {
    const snapshot = await this.waitFor(`a call in state ${state}`, (s) => s.calls.some((c) => c.state === state && extra(c)));
    const call = snapshot.calls.find((c) => c.state === state && extra(c));
    if (!call) throw new Error('unreachable');
    return call;
  }

  async waitForNoLiveCalls(): Promise<void> {
    await this.waitFor('all calls to end', (s) => s.calls.every((c) => c.state === CallState.Ended));
  }

  async close(): Promise<void> {
    await this.page
      .evaluate(() => (window as unknown as HarnessWindow).phoneHarness.stop())
      .catch(() => undefined);
    await this.context.close();
  }
}
