import { describe, expect, it } from 'vitest';
import type { UserRecord } from '@ondeck/shared';
import { contractRoute, ExplicitReply } from './contract-route';
import type { ApiContext } from './route';

/** Just what contractRoute touches on a Koa context. */
function fakeContext(): ApiContext & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const ctx = {
    status: 404,
    body: undefined as unknown,
    type: '',
    headers,
    set(field: string, value: string) {
      headers[field] = value;
    },
  };
  return ctx as unknown as ApiContext & { headers: Record<string, string> };
}

const user: UserRecord = {
  id: 1,
  username: 'ada',
  displayName: 'Ada',
  role: 'admin',
  extension: null,
  scope: { all: true, extensions: [], queues: [] },
  permissions: { monitor: [] },
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastLoginAt: null,
} as unknown as UserRecord;

describe('contractRoute', () => {
  it('takes method and path from the shared contract', () => {
    const definition = contractRoute('users.get', ['admin'], async () => user);
    expect(definition).toMatchObject({ method: 'GET', path: '/users/:id', access: ['admin'] });
  });

  it('answers JSON with the contract status: 200, or 201 for a create', async () => {
    const ctx = fakeContext();
    await contractRoute('users.get', ['admin'], async () => user).handler(ctx);
    expect([ctx.status, ctx.body]).toEqual([200, user]);
    const created = fakeContext();
    await contractRoute('users.create', ['admin'], async () => user).handler(created);
    expect([created.status, created.body]).toEqual([201, user]);
  });

  it('answers 204 without a body for an empty endpoint', async () => {
    const ctx = fakeContext();
    await contractRoute('users.remove', ['admin'], async () => undefined).handler(ctx);
    expect(ctx.status).toBe(204);
    expect(ctx.body).toBeUndefined();
  });

  it('sends a download as an attachment with a safe file name', async () => {
    const ctx = fakeContext();
    await contractRoute('oncall.auditCsv', ['admin'], async () => ({ filename: 'a"b.csv', contentType: 'text/csv; charset=utf-8', body: 'id\r\n' })).handler(ctx);
    expect(ctx.headers['Content-Disposition']).toBe('attachment; filename="a_b.csv"');
    expect([ctx.type, ctx.body]).toEqual(['text/csv; charset=utf-8', 'id\r\n']);
  });

  it('passes an explicit reply through as it is', async () => {
    const ctx = fakeContext();
    const down = { error: { code: 'internal', message: 'down' } };
    await contractRoute('health.get', 'public', async () => new ExplicitReply(503, down)).handler(ctx);
    expect([ctx.status, ctx.body]).toEqual([503, down]);
  });

  it('lets the compiler refuse an answer that breaks the contract', () => {
    // Checked by the typecheck; never run (an unknown key would throw).
    const unused = (): void => {
      // A Date travels as its ISO text, so it may stand where the contract says string.
      contractRoute('oncall.addOverride', ['admin'], async () => ({ end: new Date(0) }));
      // @ts-expect-error users.list answers UserRecord[], not numbers
      contractRoute('users.list', ['admin'], async () => [1]);
      // @ts-expect-error a required field is missing
      contractRoute('oncall.addOverride', ['admin'], async () => ({}));
      // @ts-expect-error an empty (204) endpoint returns nothing
      contractRoute('users.remove', ['admin'], async () => user);
      // @ts-expect-error there is no such endpoint in the contract
      contractRoute('users.nothing', ['admin'], async () => undefined);
    };
    expect(unused).toBeTypeOf('function');
  });
});
