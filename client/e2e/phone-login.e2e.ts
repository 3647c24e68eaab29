/**
 * The softphone through the real OnDeck app: two agents sign in on the login page, their
 * phones fetch their own settings from the server (GET /api/phone/config) and register to
 * Kamailio, A calls B from the Phone view, B answers, audio flows both ways, A hangs up.
 * Runs inside the loopback-only namespace of `node client/e2e/run-phone-e2e.mjs`; MariaDB is
 * reached through its unix socket there (a network namespace has its own loopback).
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../server/test/harness';
import { launchPhoneChromium, type PhoneBrowser } from './phone-chromium';
import { extensionPassword, TestKamailio } from './phone-kamailio';
import { screenshot } from './support/app';
import buildClient, { CLIENT_DIST } from './support/build-client';

const IN_NAMESPACE = process.env.ONDECK_PHONE_E2E === '1';
const WS_PORT = 5068;
const DB_SOCKETS = ['/run/mysqld/mysqld.sock', '/var/run/mysqld/mysqld.sock'];

/** Records every RTCPeerConnection the app makes, so the test can read its media stats. */
const TRACK_PEER_CONNECTIONS = `(() => {
  const Original = window.RTCPeerConnection;
  window.__peerConnections = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); window.__peerConnections.push(this); }
  };
})();`;

async function inboundAudioBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    let bytes = 0;
    for (const connection of connections) {
      if (connection.connectionState === 'closed') continue;
      (await connection.getStats()).forEach((report: { type: string; kind?: string; bytesReceived?: number }) => {
        if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived ?? 0;
      });
    }
    return bytes;
  });
}

describe.skipIf(!IN_NAMESPACE)('softphone through the OnDeck app', () => {
  let kamailio: TestKamailio;
  let server: TestServer;
  let chromium: PhoneBrowser;
  const pages: Page[] = [];
  const problems: string[] = [];

  async function signIn(username: string): Promise<Page> {
    const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(TRACK_PEER_CONNECTIONS);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${username}: ${error.message}`));
    page.on('console', (message) => {
      // The login page asks once whether a session can be restored; without a cookie that is a 401.
      if (message.type() === 'error' && !/Failed to load resource: .* 401/.test(message.text())) problems.push(`${username}: ${message.text()}`);
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username or extension').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(`${username}-password`);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page.getByTestId('user-menu').waitFor();
    pages.push(page);
    return page;
  }

  beforeAll(async () => {
    process.env.ONDECK_TEST_DB_SOCKET ??= DB_SOCKETS.find((path) => existsSync(path));
    if (!existsSync(`${CLIENT_DIST}/index.html`)) await buildClient();
    kamailio = new TestKamailio(WS_PORT);
    await kamailio.start();
    server = await startTestServer({ domains: true, webrtcServer: kamailio.url, clientDist: CLIENT_DIST });
    const admin = (await server.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    for (const [username, extension] of [['amy', '1002'], ['ben', '1003']] as const) {
      await server.createUser({ username, displayName: `Agent ${username}`, role: 'agent', extension, password: `${username}-password` });
      const set = await server.api('PUT', `/api/phone/secrets/${extension}`, { token: admin, body: { secret: extensionPassword(extension) } });
      expect(set.status).toBe(204);
    }
    chromium = await launchPhoneChromium();
  });

  afterAll(async () => {
    for (const page of pages) await page.context().close().catch(() => undefined);
    await chromium?.close();
    await server?.stop();
    await kamailio?.dispose();
  });

  it('registers both agents after sign-in, calls from the Phone view, and carries audio both ways', async () => {
    const amy = await signIn('amy');
    const ben = await signIn('ben');
    for (const page of [amy, ben]) await page.getByText('Phone ready').first().waitFor({ timeout: 20_000 });
    await screenshot(amy, 'phone-header-ready-desktop');

    await amy.getByRole('link', { name: /Softphone status/ }).click();
    await amy.getByLabel('Number to call').fill('1003');
    await amy.getByRole('button', { name: 'Call', exact: true }).click();
    await ben.getByRole('button', { name: 'Answer' }).waitFor({ timeout: 20_000 });
    await ben.getByRole('button', { name: 'Answer' }).click();
    await amy.getByRole('button', { name: 'Hang up' }).waitFor();

    await expect.poll(() => inboundAudioBytes(amy), { timeout: 15_000 }).toBeGreaterThan(1000);
    await expect.poll(() => inboundAudioBytes(ben), { timeout: 15_000 }).toBeGreaterThan(1000);
    await screenshot(amy, 'phone-app-in-call-desktop');

    await amy.getByRole('button', { name: 'Hang up' }).click();
    await amy.getByRole('button', { name: 'Call', exact: true }).waitFor();
    expect(problems).toEqual([]);
  });
});
