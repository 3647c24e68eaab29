import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { API, ROLES, type Ack, type ClientToServerEvents, type PanelActionResult, type Role, type ServerToClientEvents } from '@ondeck/shared';
import type { ServerModuleFactory } from '../src/app';
import { allowsRole, isValidAccess, route, type RouteDefinition } from '../src/http';
import { startTestServer, TEST_ADMIN, type TestServer } from './harness';

type Caller = 'anonymous' | Role;
const CALLERS: Caller[] = ['anonymous', ...ROLES];

/**
 * Every registered REST route × every kind of caller. Routes come from the server itself, so a
 * route added later is checked without editing this file; one without a valid access
 * declaration fails here (and refuses to mount).
 */
const lifecycle: string[] = [];

/** A plugged-in domain: its routes must land in the same registry and the same checks. */
const probeModule: ServerModuleFactory = () => ({
  name: 'probe',
  routes: [
    route('GET', '/probe/supervisors', ['supervisor', 'admin'], async (ctx) => {
      ctx.body = { ok: true };
    }),
    route('POST', '/probe/anyone', 'authenticated', async (ctx) => {
      ctx.status = 204;
    }),
  ],
  start: async () => void lifecycle.push('start'),
  stop: async () => void lifecycle.push('stop'),
});

describe('authorization matrix', () => {
  let t: TestServer;
  const tokens = new Map<Caller, string>();

  beforeAll(async () => {
    t = await startTestServer({ domains: true, deps: { modules: [probeModule] } });
    await t.createUser({ username: 'm-agent', displayName: 'Agent', role: 'agent', extension: '7001', password: 'matrix-password' });
    await t.createUser({ username: 'm-sup', displayName: 'Supervisor', role: 'supervisor', extension: '7002', password: 'matrix-password' });
    tokens.set('agent', (await t.login('m-agent', 'matrix-password')).accessToken);
    tokens.set('supervisor', (await t.login('m-sup', 'matrix-password')).accessToken);
    tokens.set('admin', (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken);
  });
  afterAll(async () => {
    await t?.stop();
    expect(lifecycle).toEqual(['start', 'stop']);
  });

  it('every route declares who may call it, once', () => {
    const routes = t.server.routes;
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const seen = new Set<string>();
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      expect(isValidAccess(route.access), `${key} has no valid access declaration`).toBe(true);
      expect(seen.has(key), `${key} is registered twice`).toBe(false);
      seen.add(key);
    }
  });

  it('serves every endpoint of the shared contract, and only those (besides plugged-in modules)', () => {
    const served = t.server.routes.map((r) => `${r.method} ${r.path}`).filter((key) => !key.includes('/probe/'));
    const contract = Object.values(API).map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect([...served].sort()).toEqual([...contract].sort());
  });

  it('includes routes of plugged-in modules and starts them', () => {
    expect(t.server.routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /probe/supervisors', 'POST /probe/anyone']));
    expect(lifecycle).toEqual(['start']);
  });

  it('refuses to build a server whose module route has no access declaration', async () => {
    const undeclared = { method: 'GET', path: '/probe/open', handler: async () => undefined } as unknown as RouteDefinition;
    await expect(startTestServer({ deps: { modules: [() => ({ name: 'bad', routes: [undeclared] })] } })).rejects.toThrow(
      /GET \/api\/probe\/open has no valid access declaration/,
    );
  });

  it('user management and settings are admin-only', () => {
    const adminOnly = t.server.routes.filter((r) => r.path.startsWith('/users') || r.path === '/settings');
    expect(adminOnly.length).toBe(8);
    for (const route of adminOnly) expect(route.access, `${route.method} ${route.path}`).toEqual(['admin']);
  });

  it('queue thresholds and wallboard links are admin-only; a wallboard link itself is public', () => {
    const declared = (prefix: string) => t.server.routes.filter((r) => r.path.startsWith(prefix)).map((r) => [`${r.method} ${r.path}`, r.access]);
    expect(declared('/queue-thresholds')).toEqual([
      ['GET /queue-thresholds', ['admin']],
      ['PUT /queue-thresholds/:queue', ['admin']],
      ['DELETE /queue-thresholds/:queue', ['admin']],
    ]);
    expect(declared('/wallboard-links')).toEqual([
      ['GET /wallboard-links', ['admin']],
      ['POST /wallboard-links', ['admin']],
      ['DELETE /wallboard-links/:id', ['admin']],
    ]);
    expect(declared('/wall/')).toEqual([['GET /wall/:token', 'public']]);
  });

  it('on-call: the board, history, takeover, going off call and calendar for anyone signed in (the service checks who); everything else admin-only', () => {
    const signedIn = new Set(['GET /oncall', 'GET /oncall/history', 'POST /oncall/:division/takeover', 'POST /oncall/:division/off-call', 'GET /oncall/:division/calendar']);
    const onCall = t.server.routes.filter((r) => r.path === '/oncall' || r.path.startsWith('/oncall/'));
    expect(onCall.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /oncall/divisions/:id/schedule', 'DELETE /oncall/:division/overrides/:id', 'DELETE /oncall/lockouts/:id']),
    );
    for (const route of onCall) {
      const key = `${route.method} ${route.path}`;
      expect(route.access, key).toEqual(signedIn.has(key) ? 'authenticated' : ['admin']);
    }
  });

  it('each caller gets exactly what the declaration says', async () => {
    const failures: string[] = [];
    for (const route of t.server.routes) {
      // Placeholder ids point at nothing, so allowed calls end in 400/404 and change no data.
      const path = `/api${route.path.replace(/:[A-Za-z]+/g, '999999')}`;
      for (const caller of CALLERS) {
        const token = tokens.get(caller);
        const response = await t.api(route.method, path, {
          ...(token ? { token } : {}),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
        });
        const label = `${caller} ${route.method} ${path} → ${response.status}`;
        if (response.status >= 500 && response.status !== 503) failures.push(`${label} (server error)`);
        if (route.access === 'public') {
          if (response.status === 403) failures.push(`${label} (public route refused)`);
        } else if (caller === 'anonymous') {
          if (response.status !== 401) failures.push(`${label} (expected 401)`);
        } else if (!allowsRole(route.access, caller)) {
          if (response.status !== 403) failures.push(`${label} (expected 403)`);
        } else if (response.status === 401 || response.status === 403) {
          failures.push(`${label} (expected to be allowed)`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  /**
   * Every live panel socket action × every role. The PBX link is down in this server, so an
   * allowed action ends in not_found / pbx_unavailable / validation; what matters is who is
   * refused as forbidden, and that nothing is an internal error.
   */
  it('panel socket actions: agents cannot monitor or hang up; no action is an internal error', async () => {
    const actions: Array<[keyof ClientToServerEvents, unknown]> = [
      ['panel:spy', { callId: 'none', mode: 'listen' }],
      ['panel:spy-switch', { mode: 'listen' }],
      ['panel:spy-stop', {}],
      ['panel:hangup', { callId: 'none' }],
      ['panel:redirect', { callId: 'none', target: '1001' }],
      ['panel:dial', { target: '1001' }],
      ['panel:queue-add', { queue: 'none', extension: '1001' }],
      ['panel:queue-remove', { queue: 'none', extension: '1001' }],
      ['panel:queue-pause', { queue: 'none', extension: '1001', reason: 'Lunch' }],
      ['panel:queue-unpause', { queue: 'none', extension: '1001' }],
    ];
    const agentForbidden = new Set(['panel:spy', 'panel:spy-switch', 'panel:spy-stop', 'panel:hangup']);
    const failures: string[] = [];
    for (const role of ROLES) {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(t.url, {
        path: '/socket.io',
        auth: { token: tokens.get(role) },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      await new Promise<void>((resolve) => socket.once('panel:snapshot', () => resolve()));
      for (const [event, payload] of actions) {
        const emit = socket.emitWithAck.bind(socket) as (event: string, payload: unknown) => Promise<Ack<PanelActionResult>>;
        const result = await emit(event, payload);
        const code = result.ok ? 'ok' : result.error.code;
        const label = `${role} ${event} → ${code}`;
        if (code === 'internal') failures.push(`${label} (server error)`);
        if (role === 'agent' && agentForbidden.has(event) && code !== 'forbidden') failures.push(`${label} (expected forbidden)`);
        if (role === 'admin' && code === 'forbidden') failures.push(`${label} (admin refused)`);
      }
      socket.close();
    }
    expect(failures).toEqual([]);
  });
});