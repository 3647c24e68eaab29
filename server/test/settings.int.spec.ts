import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type ApiErrorBody, type LoginResponse, type Settings } from '@ondeck/shared';
import { TEST_ADMIN, useTestServer } from './harness';

describe('settings', () => {
  const server = useTestServer();

  it('starts with the defaults', async () => {
    const response = await server.t.api('GET', '/api/settings', { token: server.adminToken });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(DEFAULT_SETTINGS);
  });

  it('saves a partial update, keeps it across a reload and applies the token lifetime', async () => {
    const response = await server.t.api('PUT', '/api/settings', { token: server.adminToken, body: { siteName: 'Front Desk', accessTokenMinutes: 3 } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...DEFAULT_SETTINGS, siteName: 'Front Desk', accessTokenMinutes: 3 });

    const reloaded: Settings = await server.t.server.services.settings.load();
    expect(reloaded.siteName).toBe('Front Desk');

    const login = await server.t.api('POST', '/api/auth/login', { body: { login: TEST_ADMIN.username, password: TEST_ADMIN.password } });
    expect((login.body as LoginResponse).expiresIn).toBe(180);
  });

  it('gives the site name to anyone and the panel settings to every signed-in user', async () => {
    const anonymous = await server.t.api('GET', '/api/settings/public');
    expect(anonymous.body).toEqual({ siteName: 'Front Desk' });
    await server.t.createUser({ username: 'reader', displayName: 'Reader', role: 'agent', password: 'reader-password' });
    const agent = await server.t.login('reader', 'reader-password');
    const panel = await server.t.api('GET', '/api/settings/panel', { token: agent.accessToken });
    expect(panel.body).toEqual({ siteName: 'Front Desk', pauseReasons: DEFAULT_SETTINGS.pauseReasons, onCallFeatureCode: '*55' });
    expect((await server.t.api('GET', '/api/settings', { token: agent.accessToken })).status).toBe(403);
  });

  it('refuses invalid values per field and an empty update', async () => {
    const bad = await server.t.api('PUT', '/api/settings', { token: server.adminToken, body: { accessTokenMinutes: 0, onCallFeatureCode: 'abc' } });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as ApiErrorBody).error.fields ?? {}).sort()).toEqual(['accessTokenMinutes', 'onCallFeatureCode']);
    expect((await server.t.api('PUT', '/api/settings', { token: server.adminToken, body: {} })).status).toBe(400);
    const after = await server.t.api('GET', '/api/settings', { token: server.adminToken });
    expect((after.body as Settings).accessTokenMinutes).toBe(3);
  });

  it('falls back to the default when a stored value is no longer valid', async () => {
    await server.t.server.services.pool.query("UPDATE settings SET value = '\"not a number\"' WHERE `key` = 'accessTokenMinutes'");
    const loaded = await server.t.server.services.settings.load();
    expect(loaded.accessTokenMinutes).toBe(DEFAULT_SETTINGS.accessTokenMinutes);
    expect(loaded.siteName).toBe('Front Desk');
  });
});
