import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../src/users';
import { demoAccount, startTestServer, type TestServer } from './harness';

describe('built client serving and demo mode', () => {
  let t: TestServer;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'ondeck-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>OnDeck</title><div id="app"></div>');
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    t = await startTestServer({ demo: true, clientDist: dist });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves index.html at / with no-cache', async () => {
    const response = await fetch(`${t.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<div id="app">');
  });

  it('lets browsers keep hashed assets forever, but not other files', async () => {
    const asset = await fetch(`${t.url}/assets/index-Ab12Cd34.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const icon = await fetch(`${t.url}/favicon.svg`);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('falls back to index.html for client routes but not for missing assets or the API', async () => {
    const route = await fetch(`${t.url}/supervisor/queues`, { headers: { Accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="app">');
    expect((await fetch(`${t.url}/assets/gone-Zz99Yy88.js`)).status).toBe(404);
    const api = await fetch(`${t.url}/api/nothing-here`, { headers: { Accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('creates the demo accounts and prints them with the URL', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const session = await t.login(account.username, account.password);
      expect(session.response.user.role).toBe(account.role);
    }
    const sup = await t.login('1001', demoAccount('sup').password);
    expect(sup.response.user).toMatchObject({ username: 'sup', monitorModes: ['listen', 'whisper', 'barge'] });
    expect(sup.response.user.scope.extensions).toHaveLength(10);
    expect(sup.response.user.scope.queues).toEqual(['support']);
    const agent = await t.loginDemo('agent');
    expect(agent.response.user.scope.extensions).toEqual(['1002']);

    const printed = t.printed.join('');
    expect(printed).toContain(t.url);
    for (const account of DEMO_ACCOUNTS) expect(printed).toContain(account.password);
  });

  it('seeds idempotently: a second run creates nothing and keeps edited accounts', async () => {
    const { users, usersRepository } = t.server.services;
    expect(await seedDemoAccounts(users, usersRepository)).toEqual([]);
    expect((await usersRepository.list()).length).toBe(DEMO_ACCOUNTS.length);
  });
});
