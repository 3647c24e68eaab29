import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, UserRecord } from '@ondeck/shared';
import { startTestServer, TEST_ADMIN, type TestServer } from './harness';

const newAgent = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  username: 'dana',
  displayName: 'Dana Agent',
  role: 'agent',
  extension: '3001',
  password: 'dana-password',
  scope: { extensions: ['3002'], queues: ['sales'] },
  ...overrides,
});

describe('user management', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('creates, reads, lists, updates and deletes a user', async () => {
    const created = await t.api('POST', '/api/users', { token: admin, body: newAgent() });
    expect(created.status).toBe(201);
    const user = created.body as UserRecord;
    expect(user).toMatchObject({ username: 'dana', role: 'agent', extension: '3001', disabled: false, lastLoginAt: null });
    expect(JSON.stringify(user)).not.toMatch(/password/i);

    const read = await t.api('GET', `/api/users/${user.id}`, { token: admin });
    expect(read.body).toEqual(user);

    const list = await t.api('GET', '/api/users', { token: admin });
    expect((list.body as UserRecord[]).map((u) => u.username)).toEqual(['admin', 'dana']);

    const patched = await t.api('PATCH', `/api/users/${user.id}`, {
      token: admin,
      body: { displayName: 'Dana S.', monitorModes: ['listen'], scope: { extensions: ['3003'] } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Dana S.', monitorModes: ['listen'], scope: { extensions: ['3003'], queues: [] } });

    expect((await t.api('DELETE', `/api/users/${user.id}`, { token: admin })).status).toBe(204);
    expect((await t.api('GET', `/api/users/${user.id}`, { token: admin })).status).toBe(404);
    expect((await t.api('DELETE', `/api/users/${user.id}`, { token: admin })).status).toBe(404);
  });

  it('answers invalid input with per-field messages', async () => {
    const response = await t.api('POST', '/api/users', {
      token: admin,
      body: { username: 'x', displayName: '', role: 'boss', extension: '12ab', password: 'short', scope: { extensions: ['1'] } },
    });
    expect(response.status).toBe(400);
    const { error } = response.body as ApiErrorBody;
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(
      ['displayName', 'extension', 'password', 'role', 'scope.extensions.0', 'username'].sort(),
    );
    expect(error.fields?.extension).toBe('must be 2 to 10 digits');
  });

  it('refuses an empty update, a bad id and an unknown id', async () => {
    expect((await t.api('PATCH', '/api/users/1', { token: admin, body: {} })).status).toBe(400);
    const badId = await t.api('GET', '/api/users/abc', { token: admin });
    expect(badId.status).toBe(400);
    expect((badId.body as ApiErrorBody).error.fields).toHaveProperty('id');
    expect((await t.api('PATCH', '/api/users/99999', { token: admin, body: { displayName: 'x' } })).status).toBe(404);
  });

  it('refuses duplicate usernames and extensions with 409 naming the field', async () => {
    await t.api('POST', '/api/users', { token: admin, body: newAgent({ username: 'erin', extension: '3100' }) });
    const sameName = await t.api('POST', '/api/users', { token: admin, body: newAgent({ username: 'erin', extension: '3101' }) });
    expect(sameName.status).toBe(409);
    expect((sameName.body as ApiErrorBody).error.fields).toEqual({ username: 'is already taken' });
    const sameExtension = await t.api('POST', '/api/users', { token: admin, body: newAgent({ username: 'frank', extension: '3100' }) });
    expect(sameExtension.status).toBe(409);
    expect((sameExtension.body as ApiErrorBody).error.fields).toHaveProperty('extension');
  });

  it('never lets the last active admin be deleted, disabled or demoted', async () => {
    const me = (await t.api('GET', '/api/auth/me', { token: admin })).body as { id: number };
    for (const attempt of [
      t.api('DELETE', `/api/users/${me.id}`, { token: admin }),
      t.api('PATCH', `/api/users/${me.id}`, { token: admin, body: { disabled: true } }),
      t.api('PATCH', `/api/users/${me.id}`, { token: admin, body: { role: 'supervisor' } }),
    ]) {
      const response = await attempt;
      expect(response.status).toBe(409);
      expect((response.body as ApiErrorBody).error.message).toContain('last active admin');
    }
    // With a second admin it is allowed.
    const second = await t.api('POST', '/api/users', {
      token: admin,
      body: newAgent({ username: 'gina', role: 'admin', extension: null }),
    });
    expect(second.status).toBe(201);
    const secondId = (second.body as UserRecord).id;
    const secondToken = (await t.login('gina', 'dana-password')).accessToken;
    expect((await t.api('PATCH', `/api/users/${me.id}`, { token: secondToken, body: { role: 'supervisor' } })).status).toBe(200);
    // Now gina is the last one, and she cannot remove herself.
    expect((await t.api('DELETE', `/api/users/${secondId}`, { token: secondToken })).status).toBe(409);
    // Restore for other tests.
    expect((await t.api('PATCH', `/api/users/${me.id}`, { token: secondToken, body: { role: 'admin' } })).status).toBe(200);
    admin = (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
  });

  it('resets a password: the old one stops working and sessions end', async () => {
    const created = (await t.api('POST', '/api/users', { token: admin, body: newAgent({ username: 'hank', extension: '3200' }) })).body as UserRecord;
    const hank = await t.login('hank', 'dana-password');
    const tooShort = await t.api('POST', `/api/users/${created.id}/password`, { token: admin, body: { password: 'short' } });
    expect(tooShort.status).toBe(400);
    expect((await t.api('POST', `/api/users/${created.id}/password`, { token: admin, body: { password: 'hank-new-password' } })).status).toBe(204);
    expect((await t.api('GET', '/api/auth/me', { token: hank.accessToken })).status).toBe(401);
    expect((await t.api('POST', '/api/auth/refresh', { cookie: hank.cookie })).status).toBe(401);
    await t.login('hank', 'hank-new-password');
  });

  it('writes an audit entry for user changes', async () => {
    const [rows] = await t.server.services.pool.query('SELECT action, result, actor_name FROM audit_log WHERE action LIKE ? ORDER BY id', ['users.%']);
    const actions = (rows as { action: string }[]).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['users.create', 'users.update', 'users.delete', 'users.reset_password']));
  });
});
