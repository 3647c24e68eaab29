import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { User } from '../lib/authenticated-user';
import { buildApiRouter } from './router';
import { currentActor, route, type ApiState, type RouteDefinition } from './route';
import { AppError } from '../lib/app-error';
import { parseInput } from './validate';

const auth = async (): Promise<never> => Promise.reject(new Error('not used'));

describe('buildApiRouter', () => {
  it('refuses to mount a route without a valid access declaration', () => {
    const undeclared = { method: 'GET', path: '/x', handler: async () => undefined } as unknown as RouteDefinition;
    expect(() => buildApiRouter([undeclared], auth)).toThrow(/GET \/api\/x has no valid access declaration/);
    const unknownRole = { ...undeclared, access: ['owner'] } as unknown as RouteDefinition;
    expect(() => buildApiRouter([unknownRole], auth)).toThrow(/no valid access/);
    const emptyRoles = { ...undeclared, access: [] } as unknown as RouteDefinition;
    expect(() => buildApiRouter([emptyRoles], auth)).toThrow(/no valid access/);
  });

  it('puts the signed-in actor, with its effective scope and address, in the context of a guarded route', async () => {
    const supervisor = {
      id: 7, username: 'sup', displayName: 'Sam Super', role: 'supervisor', extension: '1005', monitorModes: ['listen'],
      scope: { extensions: ['1001'], queues: ['sales'] }, disabled: false,
    } as unknown as User;
    let seen: unknown;
    const routes = [route('GET', '/whoami', 'authenticated', async (ctx) => {
      const actor = currentActor(ctx);
      seen = { ...actor, scope: actor.scope.all ? 'all' : { extensions: [...actor.scope.extensions].sort(), queues: [...actor.scope.queues] } };
      ctx.body = {};
    })];
    const app = new Koa<ApiState>();
    app.use(buildApiRouter(routes, async () => ({ user: supervisor, sessionId: 's', expiresAt: 0 })).routes());
    const server = app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/whoami`);
      expect(response.status).toBe(200);
    } finally {
      server.close();
    }
    expect(seen).toEqual({
      id: 7, username: 'sup', displayName: 'Sam Super', role: 'supervisor', extension: '1005', monitorModes: ['listen'],
      // The own extension is always in scope: the same rule every check applies.
      scope: { extensions: ['1001', '1005'], queues: ['sales'] },
      ip: '127.0.0.1',
    });
  });
});

describe('parseInput', () => {
  const schema = z.object({ name: z.string().min(2, 'too short'), items: z.array(z.number()) });

  it('returns parsed data', () => {
    expect(parseInput(schema, { name: 'ok', items: [1] })).toEqual({ name: 'ok', items: [1] });
  });

  it('throws validation_failed with dotted field paths', () => {
    try {
      parseInput(schema, { name: 'x', items: [1, 'two'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const apiError = (error as AppError).toApiError();
      expect(apiError.code).toBe('validation_failed');
      expect(apiError.fields).toMatchObject({ name: 'too short', 'items.1': expect.any(String) });
      // The summary is for people (the form shows each field's own message); names are in `fields`.
      expect(apiError.message).toBe('Some fields need correcting: see the message beside each.');
    }
  });

  it('reports a non-object body as a whole-request problem', () => {
    expect(() => parseInput(schema, 'text')).toThrow(/not valid/);
  });
});
