/**
 * One agent signed in to the real OnDeck app in its own browser context, driven only through
 * the UI (dial pad, answer, hold, keypad, transfer, hang up). Media is read from the page's
 * RTCPeerConnections, SIP INFO digits from its SIP WebSocket, and every uncaught error,
 * unhandled rejection and console error is collected so each test can insist on none.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { PhoneConfigResponse } from '@ondeck/shared';
import { screenshot, VIEWPORTS } from './support/app';

/**
 * Runs before the app: records peer connections (for getStats), the SIP WebSocket (to cut
 * it like a network drop, and to see SIP INFO digits arrive), uncaught errors and unhandled
 * promise rejections.
 */
const INSTRUMENT_PAGE = `(() => {
  const NativePeerConnection = window.RTCPeerConnection;
  window.__peerConnections = [];
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(...args) { super(...args); window.__peerConnections.push(this); }
  };
  const NativeWebSocket = window.WebSocket;
  window.__sipSockets = [];
  window.__sipInfoTones = [];
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      if (protocols !== 'sip') return;
      window.__sipSockets.push(this);
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string' || !event.data.startsWith('INFO ')) return;
        const signal = /Signal\\s*=\\s*([0-9*#A-D])/i.exec(event.data);
        if (signal) window.__sipInfoTones.push(signal[1]);
      });
    }
  };
  window.__problems = [];
  window.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason;
    window.__problems.push('unhandled rejection: ' + String((reason && reason.stack) || reason));
  });
  window.addEventListener('error', (event) => window.__problems.push('uncaught error: ' + event.message));
})();`;

interface InstrumentedWindow {
  __peerConnections: RTCPeerConnection[];
  __sipSockets: WebSocket[];
  __sipInfoTones: string[];
  __sentTones: string[];
  __problems: string[];
  __statusTrail: string[];
}

export interface MediaSample {
  bytesReceived: number;
  totalAudioEnergy: number;
  /** currentDirection of each open connection's audio transceiver. */
  directions: Array<string | null>;
}

/** Console errors a page may log without the app being at fault. */
const EXPECTED_CONSOLE_ERRORS = [
  // The login page asks once whether a session can be restored; without a cookie that is a 401.
  /Failed to load resource: .* 401/,
];

export interface AgentOptions {
  username: string;
  /** Defaults to `<username>-password`, the test accounts' password. */
  password?: string;
  extension: string;
  /** Rewrites this agent's GET /api/phone/config answer (DTMF mode, an unreachable PBX …). */
  phoneConfig?: (config: PhoneConfigResponse) => PhoneConfigResponse;
}

export class AgentPhonePage {
  readonly #problems: string[] = [];
  /** Console errors the current test expects (e.g. the browser's own WebSocket failures). */
  #allowed: RegExp[] = [];

  private constructor(
    readonly username: string,
    readonly extension: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (error) => this.#problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (process.env.ONDECK_PHONE_E2E_DEBUG === '1') console.log(`[${username} ${message.type()}] ${message.text()}`);
      if (message.type() !== 'error') return;
      const text = message.text();
      if ([...EXPECTED_CONSOLE_ERRORS, ...this.#allowed].some((pattern) => pattern.test(text))) return;
      this.#problems.push(`console error: ${text}`);
    });
  }

  /** Signs in on the login page, as a person would, and waits for the shell. */
  static async signIn(browser: Browser, baseUrl: string, options: AgentOptions): Promise<AgentPhonePage> {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, permissions: ['microphone'] });
    await context.addInitScript(INSTRUMENT_PAGE);
    const rewrite = options.phoneConfig;
    if (rewrite) {
      await context.route('**/api/phone/config', async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, json: rewrite((await response.json()) as PhoneConfigResponse) });
      });
    }
    const page = await context.newPage();
    const agent = new AgentPhonePage(options.username, options.extension, context, page);
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Username or extension').fill(options.username);
    await page.getByLabel('Password', { exact: true }).fill(options.password ?? `${options.username}-password`);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page.getByTestId('user-menu').waitFor();
    return agent;
  }

  /** The header's softphone indicator; `data-status` is ready (green), connecting/reconnecting (amber), failed (red). */
  get indicator(): Locator {
    return this.page.locator('[data-slot="phone-status"] .phone-status');
  }

  headerStatus(): Promise<string | null> {
    return this.indicator.getAttribute('data-status', { timeout: 5000 }).catch(() => null);
  }

  async waitForHeaderStatus(status: string, timeout = 30_000): Promise<void> {
    await this.page.locator(`[data-slot="phone-status"] .phone-status[data-status="${status}"]`).waitFor({ timeout });
  }

  /**
   * Starts recording every header status the page shows, from inside the page (a quick amber
   * phase is not missed by polling from outside).
   */
  async recordHeaderStatuses(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as InstrumentedWindow;
      w.__statusTrail = [];
      const record = (): void => {
        const status = document.querySelector('[data-slot="phone-status"] .phone-status')?.getAttribute('data-status') ?? 'none';
        const inCallNote = document.querySelector('.in-call .link-lost') ? '+call-reconnecting' : '';
        const entry = `${status}${inCallNote}`;
        if (w.__statusTrail.at(-1) !== entry) w.__statusTrail.push(entry);
      };
      record();
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
  }

  headerStatusTrail(): Promise<string[]> {
    return this.page.evaluate(() => [...(window as unknown as InstrumentedWindow).__statusTrail]);
  }

  async openPhone(): Promise<void> {
    if (new URL(this.page.url()).pathname.endsWith('/phone')) return;
    await this.page.getByRole('link', { name: /Softphone status/ }).click();
    await this.page.getByRole('heading', { name: 'Phone', exact: true }).waitFor();
  }

  /** Types the number on the dial pad and presses Call. */
  async dial(number: string): Promise<void> {
    await this.openPhone();
    await this.page.getByLabel('Number to call').fill(number);
    await this.page.getByRole('button', { name: 'Call', exact: true }).click();
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** The state line of the in-call screen ("Connected 00:03", "On hold" …). */
  get callState(): Locator {
    return this.page.locator('.in-call .state');
  }

  get callScreen(): Locator {
    return this.page.getByRole('region', { name: 'Current call' });
  }

  async waitForCallState(text: string): Promise<void> {
    await this.callState.filter({ hasText: text }).waitFor({ timeout: 30_000 });
  }

  /** Back on the dial pad: no call on screen. */
  async waitForIdle(): Promise<void> {
    await this.button('Call').waitFor({ timeout: 30_000 });
  }

  /** The banner a finished call leaves above the dial pad. */
  endedBanner(text: string | RegExp): Locator {
    return this.page.locator('.calls .banner').filter({ hasText: text });
  }

  /** Inbound audio bytes and energy over every open connection, plus transceiver directions. */
  sample(): Promise<MediaSample> {
    return this.page.evaluate(async () => {
      const result = { bytesReceived: 0, totalAudioEnergy: 0, directions: [] as Array<string | null> };
      for (const connection of (window as unknown as InstrumentedWindow).__peerConnections) {
        if (connection.signalingState === 'closed') continue;
        (await connection.getStats()).forEach((report: { type: string; kind?: string; bytesReceived?: number; totalAudioEnergy?: number }) => {
          if (report.type !== 'inbound-rtp' || report.kind !== 'audio') return;
          result.bytesReceived += report.bytesReceived ?? 0;
          result.totalAudioEnergy += report.totalAudioEnergy ?? 0;
        });
        result.directions.push(connection.getTransceivers()[0]?.currentDirection ?? null);
      }
      return result;
    });
  }

  /** How much arrived during a sampling window (only deltas are asserted, never timings). */
  async growth(windowMs = 1500): Promise<MediaSample> {
    const before = await this.sample();
    await this.page.waitForTimeout(windowMs);
    const after = await this.sample();
    return {
      bytesReceived: after.bytesReceived - before.bytesReceived,
      totalAudioEnergy: after.totalAudioEnergy - before.totalAudioEnergy,
      directions: after.directions,
    };
  }

  /** Starts recording the RFC 4733 tones this page's open connections actually play (tonechange). */
  async recordSentTones(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as InstrumentedWindow;
      w.__sentTones = [];
      for (const connection of w.__peerConnections) {
        if (connection.signalingState === 'closed') continue;
        for (const sender of connection.getSenders()) {
          sender.dtmf?.addEventListener('tonechange', (event) => {
            if (event.tone) w.__sentTones.push(event.tone);
          });
        }
      }
    });
  }

  sentTones(): Promise<string[]> {
    return this.page.evaluate(() => [...(window as unknown as InstrumentedWindow).__sentTones]);
  }

  /** Digits that arrived at this page as SIP INFO (application/dtmf-relay). */
  receivedInfoTones(): Promise<string[]> {
    return this.page.evaluate(() => [...(window as unknown as InstrumentedWindow).__sipInfoTones]);
  }

  /** Closes the SIP WebSocket under SIP.js's feet, as a network drop or proxy restart would. */
  async dropSipSocket(): Promise<void> {
    const dropped = await this.page.evaluate(() => {
      const socket = [...(window as unknown as InstrumentedWindow).__sipSockets].reverse().find((candidate) => candidate.readyState === WebSocket.OPEN);
      socket?.close(4000, 'e2e: connection dropped');
      return socket !== undefined;
    });
    if (!dropped) throw new Error(`${this.username}: no open SIP WebSocket to drop`);
  }

  /** Lets this test's expected browser console errors through (reset by `checkClean`). */
  allowConsoleErrors(...patterns: RegExp[]): void {
    this.#allowed.push(...patterns);
  }

  /** Everything that went wrong in the page since the last check; empties the list. */
  async takeProblems(): Promise<string[]> {
    const inPage = await this.page
      .evaluate(() => (window as unknown as InstrumentedWindow).__problems.splice(0))
      .catch((error: unknown) => [`could not read page problems: ${String(error)}`]);
    const found = [...this.#problems.splice(0), ...inPage];
    this.#allowed = [];
    return found.map((problem) => `${this.username}: ${problem}`);
  }

  /** Ends whatever a failed test left on screen, so the next test starts idle. */
  async clearCalls(): Promise<void> {
    for (let round = 0; round < 4; round += 1) {
      const hangUp = this.button('Hang up').first();
      const decline = this.button('Decline').first();
      if (await hangUp.isVisible()) await hangUp.click().catch(() => undefined);
      else if (await decline.isVisible()) await decline.click().catch(() => undefined);
      else return;
      await this.page.waitForTimeout(300);
    }
  }

  /** Desktop and phone-width screenshots of what the page shows now. */
  async shoot(name: string): Promise<void> {
    await screenshot(this.page, `${name}-desktop`);
    await this.page.setViewportSize(VIEWPORTS.phone);
    await screenshot(this.page, `${name}-mobile`);
    // At 390 px the site name once shrank to "O…" next to the phone status and the PBX pill.
    const brand = this.page.getByTestId('site-name');
    const fits = await brand.evaluate((element) => element.scrollWidth <= element.clientWidth);
    if (!fits) throw new Error(`${this.username}: the site name "${await brand.textContent()}" is cut off at phone width`);
    await this.page.setViewportSize(VIEWPORTS.desktop);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}
