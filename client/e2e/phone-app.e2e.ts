/**
 * The softphone through the real OnDeck app. Three agents (amy 1002, ben 1003, cara 1004)
 * sign in on the login page; their phones fetch their own settings from the server
 * (GET /api/phone/config) and register to Kamailio. Everything after that is done the way an
 * agent does it: dial pad, answer and decline, hold, mute, DTMF keypad, the transfer panel,
 * hang up. Media is checked with getStats on both sides. The transport is cut under a talking
 * call (the call survives) and Kamailio is restarted under one (the call ends with a message,
 * then the phones register again). A fourth agent shows the header's amber and red states.
 *
 * Runs inside the loopback-only namespace of `node client/e2e/run-phone-e2e.mjs`; MariaDB is
 * reached through its unix socket there (a network namespace has its own loopback).
 */
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../server/test/harness';
import { AgentPhonePage, type AgentOptions } from './phone-app-page';
import { launchPhoneChromium, type PhoneBrowser } from './phone-chromium';
import { extensionPassword, TestKamailio } from './phone-kamailio';
import buildClient, { CLIENT_DIST } from './support/build-client';

const IN_NAMESPACE = process.env.ONDECK_PHONE_E2E === '1';
const WS_PORT = 5068;
const DB_SOCKETS = ['/run/mysqld/mysqld.sock', '/var/run/mysqld/mysqld.sock'];
/** Chromium's own log line when a WebSocket cannot connect (Kamailio down, a dead address). */
const WEBSOCKET_FAILED = /WebSocket connection to '.*' failed/;

/** Accepts TCP connections and never answers: a WebSocket to it stays "connecting". */
async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

/** A TCP port nobody listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const probe = await startSilentServer();
  await probe.close();
  return probe.port;
}

describe.skipIf(!IN_NAMESPACE)('softphone through the OnDeck app', () => {
  let kamailio: TestKamailio;
  let server: TestServer;
  let chromium: PhoneBrowser;
  let amy: AgentPhonePage;
  let ben: AgentPhonePage;
  let cara: AgentPhonePage;
  let admin: string;

  const agents = (): AgentPhonePage[] => [amy, ben, cara].filter(Boolean);

  function signIn(options: AgentOptions): Promise<AgentPhonePage> {
    return AgentPhonePage.signIn(chromium.browser, server.url, options);
  }

  async function addAgent(username: string, extension: string, secret = extensionPassword(extension)): Promise<void> {
    await server.createUser({ username, displayName: `Agent ${username}`, role: 'agent', extension, password: `${username}-password` });
    const set = await server.api('PUT', `/api/phone/secrets/${extension}`, { token: admin, body: { secret } });
    expect(set.status).toBe(200);
  }

  /** `from` dials `to` on the dial pad; `to` answers from the ringing screen; both show Connected. */
  async function connect(from: AgentPhonePage, to: AgentPhonePage): Promise<void> {
    await from.dial(to.extension);
    await to.button('Answer').click({ timeout: 30_000 });
    await from.waitForCallState('Connected');
    await to.waitForCallState('Connected');
  }

  /** `caller` talks to `agent`, who puts them on hold from the transfer panel to consult `target`; `target` answers. */
  async function consultFromCall(caller: AgentPhonePage, agent: AgentPhonePage, target: AgentPhonePage): Promise<void> {
    await connect(caller, agent);
    await agent.button('Transfer').click();
    await agent.page.getByLabel('Transfer to').fill(target.extension);
    await agent.button('Talk to them first').click();
    await target.button('Answer').click({ timeout: 30_000 });
  }

  /** Inbound audio bytes keep arriving on every listed page. */
  async function expectAudioFlowing(...pages: AgentPhonePage[]): Promise<void> {
    for (const page of pages) {
      await expect.poll(async () => (await page.growth(1000)).bytesReceived, { timeout: 20_000, message: `${page.username} hears audio` }).toBeGreaterThan(1000);
    }
  }

  async function hangUpFrom(page: AgentPhonePage, ...others: AgentPhonePage[]): Promise<void> {
    await page.button('Hang up').click();
    for (const each of [page, ...others]) await each.waitForIdle();
  }

  beforeAll(async () => {
    process.env.ONDECK_TEST_DB_SOCKET ??= DB_SOCKETS.find((path) => existsSync(path));
    await buildClient();
    kamailio = new TestKamailio(WS_PORT);
    await kamailio.start();
    server = await startTestServer({ domains: true, webrtcServer: kamailio.url, clientDist: CLIENT_DIST });
    admin = (await server.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    await addAgent('amy', '1002');
    await addAgent('ben', '1003');
    await addAgent('cara', '1004');
    // dora's secret is not the one Kamailio expects: the wrong-password state.
    await addAgent('dora', '1005', 'not-the-pbx-secret');
    chromium = await launchPhoneChromium();
    // amy sends DTMF as SIP INFO (the receiver can see it), the others as RFC 4733.
    amy = await signIn({ username: 'amy', extension: '1002', phoneConfig: (config) => ({ ...config, dtmfMode: 'info' }) });
    ben = await signIn({ username: 'ben', extension: '1003' });
    cara = await signIn({ username: 'cara', extension: '1004' });
  });

  afterEach(async () => {
    for (const agent of agents()) await agent.clearCalls();
    const problems: string[] = [];
    for (const agent of agents()) problems.push(...(await agent.takeProblems()));
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    if (process.env.ONDECK_PHONE_E2E_DEBUG === '1') console.log(kamailio?.log);
    for (const agent of agents()) await agent.close();
    await chromium?.close();
    await server?.stop();
    await kamailio?.dispose();
  });

  it('the problem net catches an unhandled promise rejection and a console error in a page', async () => {
    await amy.page.evaluate(() => {
      // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the probe must be an unhandled rejection: it tests the net that catches them
      void Promise.reject(new Error('e2e probe rejection'));
      console.error('e2e probe console error');
    });
    const caught: string[] = [];
    await expect
      .poll(async () => {
        caught.push(...(await amy.takeProblems()));
        return caught.join('\n');
      }, { timeout: 10_000 })
      .toContain('unhandled rejection: Error: e2e probe rejection');
    expect(caught.join('\n')).toContain('console error: e2e probe console error');
  });

  it('registers every agent after sign-in (green header) and refuses a malformed number before dialling', async () => {
    for (const agent of agents()) await agent.waitForHeaderStatus('ready');
    await expect.poll(() => amy.indicator.textContent()).toContain('Phone ready');
    await amy.openPhone();
    await amy.shoot('phone-app-idle');

    await amy.page.getByLabel('Number to call').fill('12ab');
    await amy.button('Call').click();
    await amy.page.getByText('Only digits, *, # and a leading + can be dialled').waitFor();
    // Nothing rang anywhere.
    expect(await ben.button('Answer').count()).toBe(0);
    await amy.page.getByLabel('Number to call').fill('');
  });

  it('A calls B from the dial pad, B answers on the ringing screen, audio flows both ways, A hangs up', async () => {
    await amy.dial(ben.extension);
    // The ringing call brings ben's phone view forward from wherever he was.
    await ben.page.getByRole('region', { name: 'Incoming call' }).getByText('Agent amy').waitFor({ timeout: 30_000 });
    await ben.shoot('phone-app-incoming');
    await ben.button('Answer').click();
    await amy.waitForCallState('Connected');
    await ben.waitForCallState('Connected');
    await expectAudioFlowing(amy, ben);
    await expect.poll(() => amy.callState.textContent()).toMatch(/Connected\s+00:0[1-9]/);
    await amy.shoot('phone-app-in-call');
    await hangUpFrom(amy, ben);
  });

  it('DTMF from the keypad: SIP INFO digits arrive at the other side, RFC 4733 tones are played by the sender', async () => {
    await connect(amy, ben);
    await amy.button('Keypad').click();
    await amy.page.getByRole('button', { name: 'Key 4' }).click();
    await amy.page.getByRole('button', { name: 'Key 2' }).click();
    await expect.poll(() => ben.receivedInfoTones(), { timeout: 15_000 }).toEqual(['4', '2']);

    await ben.recordSentTones();
    await ben.button('Keypad').click();
    await ben.page.getByRole('button', { name: 'Key 1' }).click();
    await ben.page.getByRole('button', { name: 'Key #' }).click();
    await expect.poll(() => ben.sentTones(), { timeout: 15_000 }).toEqual(['1', '#']);
    await expect.poll(() => ben.page.locator('.in-call .digits').textContent()).toContain('1#');
    // RFC 4733 digits travel in RTP: nothing arrives at amy as SIP INFO.
    expect(await amy.receivedInfoTones()).toEqual([]);
    await amy.shoot('phone-app-keypad');
    await hangUpFrom(ben, amy);
  });

  it('hold and resume: the SDP direction flips, the held side stops receiving, and audio returns', async () => {
    await connect(amy, ben);
    await expectAudioFlowing(amy, ben);
    let speaking = 0;
    await expect.poll(async () => (speaking = (await ben.growth(2000)).totalAudioEnergy), { timeout: 20_000 }).toBeGreaterThan(0);
    await amy.button('Hold').click();
    await amy.waitForCallState('On hold');
    await expect.poll(async () => (await amy.sample()).directions, { timeout: 15_000 }).toEqual(['sendonly']);
    await expect.poll(async () => (await ben.sample()).directions, { timeout: 15_000 }).toEqual(['recvonly']);
    // Packets already in flight may still land once; then nothing more reaches the held side,
    // and the holding side sends only silence (its microphone track is disabled, not removed).
    await expect.poll(async () => (await amy.growth(1000)).bytesReceived, { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await ben.growth(2000)).totalAudioEnergy, { timeout: 15_000 }).toBeLessThan(speaking / 1000);
    await amy.shoot('phone-app-on-hold');

    await amy.button('Resume').click();
    await amy.waitForCallState('Connected');
    await expect.poll(async () => (await amy.sample()).directions, { timeout: 15_000 }).toEqual(['sendrecv']);
    await expect.poll(async () => (await ben.sample()).directions, { timeout: 15_000 }).toEqual(['sendrecv']);
    await expectAudioFlowing(amy, ben);
    await hangUpFrom(amy, ben);
  });

  it('mute: the other side keeps receiving packets, but silence, until unmuted', async () => {
    await connect(amy, ben);
    let speaking = 0;
    await expect
      .poll(async () => (speaking = (await ben.growth(2000)).totalAudioEnergy), { timeout: 20_000, message: 'ben hears amy' })
      .toBeGreaterThan(0);
    await amy.button('Mute').click();
    await amy.callScreen.getByText('Muted', { exact: true }).waitFor();
    await expect
      .poll(
        async () => {
          const muted = await ben.growth(2000);
          // Still connected (bytes arrive), just digital silence: orders of magnitude below speech.
          return muted.bytesReceived > 0 && muted.totalAudioEnergy < speaking / 1000;
        },
        { timeout: 20_000, message: 'ben hears silence while amy is muted' },
      )
      .toBe(true);
    await amy.button('Unmute').click();
    await expect.poll(async () => (await ben.growth(2000)).totalAudioEnergy, { timeout: 20_000 }).toBeGreaterThan(speaking / 1000);
    await hangUpFrom(amy, ben);
  });

  it('a declined call and an unknown number tell the caller what happened', async () => {
    await amy.dial(ben.extension);
    await ben.button('Decline').click({ timeout: 30_000 });
    await amy.endedBanner('1003: Call declined').waitFor({ timeout: 30_000 });
    await ben.endedBanner('You declined the call').waitFor();
    await amy.shoot('phone-app-declined');

    await amy.dial('1999');
    await amy.endedBanner('1999: Number not found').waitFor({ timeout: 30_000 });
  });

  it('blind transfer: B hands A to C from the transfer panel; A and C talk, B is free', async () => {
    await connect(amy, ben);
    await ben.button('Transfer').click();
    await ben.page.getByLabel('Transfer to').fill(cara.extension);
    await ben.shoot('phone-app-transfer');
    await ben.button('Transfer now').click();
    await cara.button('Answer').click({ timeout: 30_000 });
    await ben.waitForIdle();
    await ben.endedBanner('Transferred to 1004').waitFor();
    await amy.callScreen.getByText('1004', { exact: true }).waitFor({ timeout: 30_000 });
    await amy.waitForCallState('Connected');
    await cara.waitForCallState('Connected');
    await expectAudioFlowing(amy, cara);
    await hangUpFrom(cara, amy);
  });

  it('attended transfer: B consults C, then completes; A and C talk', async () => {
    await consultFromCall(amy, ben, cara);
    // ben now talks to cara, amy waits on hold; the panel offers the next step.
    await ben.page.getByText('Consulting 1004 (connected)').waitFor({ timeout: 30_000 });
    await ben.page.getByRole('list', { name: 'Other calls' }).getByText('On hold while you consult').waitFor();
    await ben.shoot('phone-app-transfer-consulting');
    await ben.button('Complete transfer').click();
    await ben.waitForIdle();
    await amy.callScreen.getByText('1004', { exact: true }).waitFor({ timeout: 30_000 });
    await amy.waitForCallState('Connected');
    await cara.callScreen.getByText('Agent amy').waitFor({ timeout: 30_000 });
    // cara's leg to ben was replaced, not kept alongside.
    await expect.poll(() => cara.page.getByRole('list', { name: 'Other calls' }).count()).toBe(0);
    await expectAudioFlowing(amy, cara);
    await hangUpFrom(amy, cara);
  });

  it('attended transfer cancelled: C is released and B is back with A', async () => {
    await consultFromCall(amy, ben, cara);
    await ben.button('Cancel, back to caller').click({ timeout: 30_000 });
    await cara.waitForIdle();
    await ben.callScreen.getByText('Agent amy').waitFor();
    await ben.waitForCallState('Connected');
    await expectAudioFlowing(amy, ben);
    await hangUpFrom(ben, amy);
  });

  it('a short WebSocket drop under a talking call: the phone re-registers, refreshes the call, and it goes on', async () => {
    await connect(amy, ben);
    await expectAudioFlowing(amy, ben);
    await amy.recordHeaderStatuses();
    await amy.dropSipSocket();
    // Amber, with the call saying it is reconnecting, then green again with the note gone.
    const recovered = (trail: string[]): boolean =>
      trail[0] === 'ready' && trail.some((entry) => /^(reconnecting|connecting)\+call-reconnecting$/.test(entry)) && trail.at(-1) === 'ready';
    await expect.poll(async () => recovered(await amy.headerStatusTrail()), { timeout: 30_000 }).toBe(true);

    await amy.waitForCallState('Connected');
    await ben.waitForCallState('Connected');
    await expectAudioFlowing(amy, ben);
    // ben's BYE reaches amy only over her new connection: the refresh told him where she is now.
    await hangUpFrom(ben, amy);
    await amy.endedBanner(/dropped/).waitFor({ state: 'detached' });
  });

  it('Kamailio restarted under a call: the call ends with a clear message, the header goes amber and red, then green, and calls work again', async () => {
    await connect(amy, ben);
    for (const agent of agents()) {
      agent.allowConsoleErrors(WEBSOCKET_FAILED);
      await agent.recordHeaderStatuses();
    }
    await kamailio.stop();
    await amy.page.locator('.in-call .link-lost').waitFor({ timeout: 30_000 });
    await amy.shoot('phone-app-call-reconnecting');
    await amy.waitForHeaderStatus('failed');
    await amy.shoot('phone-app-header-unreachable');
    await kamailio.start();
    for (const agent of agents()) await agent.waitForHeaderStatus('ready', 60_000);
    for (const agent of agents()) {
      const trail = await agent.headerStatusTrail();
      const statuses = trail.map((entry) => entry.split('+')[0]);
      expect(statuses[0], agent.username).toBe('ready');
      expect(statuses.some((status) => status === 'reconnecting' || status === 'connecting'), trail.join(' → ')).toBe(true);
      expect(statuses.at(-1)).toBe('ready');
    }
    // A fresh Kamailio cannot route the old dialog to either side: both calls end, saying why.
    for (const agent of [amy, ben]) {
      await agent.endedBanner('The call dropped: the connection to the PBX was lost').waitFor({ timeout: 60_000 });
    }
    await amy.shoot('phone-app-call-dropped');

    // The new registrations are real: a call goes through.
    await connect(amy, ben);
    await expectAudioFlowing(amy, ben);
    await hangUpFrom(amy, ben);
  }, 180_000);

  it('header states for a PBX that is slow to answer (amber), refuses the password, cannot be reached, or has an untrusted certificate (red)', async () => {
    const silent = await startSilentServer();
    const deadPort = await closedPort();
    const variants: Array<{ name: string; server?: string; status: string; message: RegExp; certificateLink?: boolean }> = [
      { name: 'connecting', server: `ws://127.0.0.1:${silent.port}`, status: 'connecting', message: /Phone connecting/ },
      { name: 'failed-auth', status: 'failed', message: /The PBX refused the extension password \(401\)/ },
      { name: 'failed-unreachable', server: `ws://127.0.0.1:${deadPort}`, status: 'failed', message: /Cannot reach the PBX at ws:/ },
      { name: 'failed-certificate', server: `wss://127.0.0.1:${deadPort}/ws`, status: 'failed', message: /trusts the PBX certificate/, certificateLink: true },
    ];
    try {
      for (const variant of variants) {
        const rewrite = variant.server;
        const dora = await signIn({
          username: 'dora',
          extension: '1005',
          ...(rewrite ? { phoneConfig: (config) => ({ ...config, server: rewrite }) } : {}),
        });
        dora.allowConsoleErrors(WEBSOCKET_FAILED);
        try {
          await dora.waitForHeaderStatus(variant.status);
          await dora.openPhone();
          await dora.page.getByText(variant.message).first().waitFor();
          if (variant.certificateLink) {
            await dora.page.getByRole('link', { name: 'Trust the PBX certificate' }).waitFor();
            await expect.poll(() => dora.page.getByRole('link', { name: /Open https:\/\/127\.0\.0\.1:\d+\/ once/ }).getAttribute('href')).toBe(`https://127.0.0.1:${deadPort}/`);
          }
          // The amber state lasts one connection timeout: shoot again if it changed meanwhile.
          for (let attempt = 0; attempt < 5; attempt += 1) {
            await dora.waitForHeaderStatus(variant.status);
            await dora.shoot(`phone-app-header-${variant.name}`);
            if ((await dora.headerStatus()) === variant.status) break;
          }
          expect(await dora.takeProblems()).toEqual([]);
        } finally {
          await dora.close();
        }
      }
    } finally {
      await silent.close();
    }
  }, 180_000);
});
