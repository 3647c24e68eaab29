import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type ApiErrorBody, type LoginResponse, type Settings } from '@ondeck/shared';
import { startTestServer, TEST_ADMIN, type TestServer } from './harness';

describe('settings', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('starts with the defaults', async () => {
    const response = await t.api('GET', '/api/settings', { token: admin });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(DEFAULT_SETTINGS);
  });

  it('saves a partial update, keeps it across a reload and applies the token lifetime', async () => {
    const response = await t.api('PUT', '/api/settings', { token: admin, body: { siteName: 'Front Desk', accessTokenMinutes: 3 } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...DEFAULT_SETTINGS, siteName: 'Front Desk', accessTokenMinutes: 3 });

    const reloaded: Settings = await t.server.services.settings.load();
    expect(reloaded.siteName).toBe('Front Desk');

    const login = await t.api('POST', '/api/auth/login', { body: { login: TEST_ADMIN.username, password: TEST_ADMIN.password } });
    expect((login.body as LoginResponse).expiresIn).toBe(180);
  });

  it('refuses invalid values per field and an empty update', async () => {
    const bad = await t.api('PUT', '/api/settings', { token: admin, body: { accessTokenMinutes: 0, onCallFeatureCode: 'abc' } });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as ApiErrorBody).error.fields ?? {}).sort()).toEqual(['accessTokenMinutes', 'onCallFeatureCode']);
    expect((await t.api('PUT', '/api/settings', { token: admin, body: {} })).status).toBe(400);
    const after = await t.api('GET', '/api/settings', { token: admin });
    expect((after.body as Settings).accessTokenMinutes).toBe(3);
  });

  it('falls back to the default when a stored value is no longer valid', async () => {
    await t.server.services.pool.query("UPDATE settings SET value = '\"not a number\"' WHERE `key` = 'accessTokenMinutes'");
    const loaded = await t.server.services.settings.load();
    expect(loaded.accessTokenMinutes).toBe(DEFAULT_SETTINGS.accessTokenMinutes);
    expect(loaded.siteName).toBe('Front Desk');
  });
});
