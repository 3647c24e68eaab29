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

/** Seeds two divisions, members, a weekly rotation and a current on-call person through the API. */
async function seed(token: string): Promise<void> {
  const api = (method: string, path: string, body?: unknown) => server.api(method, path, { token, body });
  const service = (await api('POST', '/api/oncall/divisions', { name: 'Service desk', fallbackNumber: '1999' })).body as { id: number };
  const network = (await api('POST', '/api/oncall/divisions', { name: 'Network', fallbackNumber: '+46812345678' })).body as { id: number };
  const alice = (await api('POST', '/api/oncall/members', { name: 'Alice Andersson', phone: '+46701234567', pin: '2468', divisionIds: [service.id, network.id] })).body as { id: number };
  const bob = (await api('POST', '/api/oncall/members', { name: 'Bob Berg', phone: '1002', pin: '1357', divisionIds: [service.id] })).body as { id: number };
  await api('PUT', `/api/oncall/divisions/${service.id}/schedule`, {
    enabled: true,
    timeZone: 'Europe/Stockholm',
    rotation: { anchor: '2026-03-02', handovers: [{ weekday: 1, time: '08:00', memberIds: [alice.id, bob.id] }, { weekday: 4, time: '17:00', memberIds: [bob.id] }] },
  });
  await api('POST', `/api/oncall/${service.id}/overrides`, { memberId: alice.id });
  await api('POST', `/api/oncall/${network.id}/takeover`, { memberId: alice.id, password: TEST_ADMIN.password });
}

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'ondeck-oncall-dist-'));
  await build({ root: CLIENT_DIR, configFile: resolve(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await startTestServer({ clientDist: outDir, domains: true });
  await seed((await server.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken);
  launched = await launchChromium();
});

afterAll(async () => {
  await launched?.close();
  await server?.stop();
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
