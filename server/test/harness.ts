import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CreateUserRequest, LoginResponse, UserRecord } from '@ondeck/shared';
import { createServer, type OnDeckServer, type ServerDeps } from '../src/app';
import { ScryptPasswordHasher } from '../src/auth';
import type { AppConfig } from '../src/config';
import { OffsetClock } from '../src/lib/clock';
import { dropDatabase } from '../src/db';
import { domainModules } from '../src/domains';
import { createLogger } from '../src/logging';
import { DEMO_ACCOUNTS } from '../src/users';

export const TEST_ADMIN = { username: 'admin', password: 'admin-test-pw' } as const;

export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

/**
 * One of the accounts a `demo: true` server seeds, read from the seed itself, so tests and
 * the e2e suite never keep a second copy of the demo passwords.
 */
export type DemoUsername = 'admin' | 'sup' | 'agent' | 'agent2';

export function demoAccount(username: DemoUsername): DemoAccount {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  return account;
}

export interface StartTestServerOptions {
  /** Seed the demo accounts (`demoAccount('admin' | 'sup' | 'agent' | 'agent2')`). */
  demo?: boolean;
  /** Built client to serve; defaults to an empty temp folder (so / shows the "build the client" text). */
  clientDist?: string;
  /** Extra replaceable parts (pbxStatus, loginThrottle, …). */
  deps?: Omit<ServerDeps, 'clock' | 'logger' | 'print'>;
  /** Print server logs to stderr (LOG_LEVEL-style). Silent by default. */
  logLevel?: AppConfig['logLevel'];
  /**
   * Plug in the PBX domains as production does (AMI link, PBX model, live panel). Without
   * `ami` the link stays disabled; with it (e.g. the simulator's address) it connects.
   */
  domains?: boolean;
  /** The CDR database the call log reads (default `<test db>_cdr`, which the test creates when it needs it). */
  cdrDbName?: string;
  /** The recordings root (RECORDINGS_DIR). */
  recordingsDir?: string;
  /** WEBRTC_PBX_SERVER for the softphone (off when absent). */
  webrtcServer?: string;
  /** Why there is no WebRTC server (the demo says so when its Kamailio did not start). */
  webrtcUnavailableReason?: string;
  /** Demo SIP secrets stored at start (with demo: true). */
  demoSipSecrets?: Record<string, string>;
  ami?: { host: string; port: number; username: string; secret: string };
  /** TRUST_PROXY: reverse proxies in front (0 by default: X-Forwarded-For is ignored). */
  proxyHops?: number;
}

export interface TestSession {
  accessToken: string;
  /** `ondeck_refresh=…`, ready for a Cookie header. */
  cookie: string;
  response: LoginResponse;
}

export interface TestServer {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  dbName: string;
  config: AppConfig;
  server: OnDeckServer;
  /** Real time plus an offset; `clock.advance(ms)` makes tokens expire without sleeping. */
  clock: OffsetClock;
  /** Everything the server printed to stdout (start-up box). */
  printed: string[];
  /** POST /api/auth/login; throws when the status is not 200. */
  login(login: string, password: string): Promise<TestSession>;
  /** Signs in as one of the demo accounts (servers started with `demo: true`). */
  loginDemo(username: DemoUsername): Promise<TestSession>;
  /** JSON request helper: `api('GET', '/api/users', { token })`. */
  api(method: string, path: string, options?: { token?: string; body?: unknown; cookie?: string }): Promise<TestResponse>;
  /** Creates a user through the service (no HTTP), returns its record. */
  createUser(request: CreateUserRequest): Promise<UserRecord>;
  stop(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON, or null when empty. */
  body: unknown;
  setCookie: string | null;
}

function refreshCookieFrom(setCookie: string | null): string {
  const match = /ondeck_refresh=([^;]*)/.exec(setCookie ?? '');
  return match ? `ondeck_refresh=${match[1]}` : '';
}

/**
 * Starts a whole OnDeck server in-process on a free port against a fresh MariaDB database
 * (root@127.0.0.1:3306, empty password unless ONDECK_TEST_DB_* say otherwise). `stop()` drops it.
 * A non-demo server has one account: TEST_ADMIN.
 */
export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const dbName = `ondeck_test_${randomBytes(6).toString('hex')}`;
  const config: AppConfig = {
    nodeEnv: 'test',
    http: { host: '127.0.0.1', port: 0, proxyHops: options.proxyHops ?? 0 },
    // Tests run their webhook receivers and calendar servers on loopback, so they allow it explicitly.
    outbound: { allowPrivate: false, allowLoopback: true },
    auth: { jwtSecret: randomBytes(32).toString('hex'), jwtSecretGenerated: false, refreshTokenDays: 7 },
    db: {
      host: process.env.ONDECK_TEST_DB_HOST ?? '127.0.0.1',
      port: Number(process.env.ONDECK_TEST_DB_PORT ?? 3306),
      // Tests inside a network namespace (the softphone e2e) reach MariaDB through its socket.
      ...(process.env.ONDECK_TEST_DB_SOCKET ? { socketPath: process.env.ONDECK_TEST_DB_SOCKET } : {}),
      user: process.env.ONDECK_TEST_DB_USER ?? 'root',
      password: process.env.ONDECK_TEST_DB_PASSWORD ?? '',
      name: dbName,
    },
    ami: options.ami ? { enabled: true, ...options.ami } : { enabled: false, host: '127.0.0.1', port: 5038, username: '', secret: '' },
    fastAgi: { host: '127.0.0.1', port: 0 },
    freepbx: { dbName: 'asterisk' },
    history: {
      cdr: {
        host: process.env.ONDECK_TEST_DB_HOST ?? '127.0.0.1',
        port: Number(process.env.ONDECK_TEST_DB_PORT ?? 3306),
        ...(process.env.ONDECK_TEST_DB_SOCKET ? { socketPath: process.env.ONDECK_TEST_DB_SOCKET } : {}),
        user: process.env.ONDECK_TEST_DB_USER ?? 'root',
        password: process.env.ONDECK_TEST_DB_PASSWORD ?? '',
        // A test with call history creates this database (createCdrDatabase); others never read it.
        name: options.cdrDbName ?? `${dbName}_cdr`,
        table: 'cdr',
      },
      recordingsDir: options.recordingsDir ?? join(tmpdir(), 'ondeck-no-recordings'),
      trunkNames: [],
      timeZone: 'UTC',
    },
    queueMemberStyle: 'auto',
    webrtc: {
      pbxServer: options.webrtcServer ?? null,
      iceServers: [],
      iceGatheringTimeoutMs: 1000,
      codecPreference: 'pcmu-only',
      dtmfMode: 'rfc4733',
      unavailableReason: options.webrtcUnavailableReason ?? null,
      demoSecrets: options.demoSipSecrets ?? {},
    },
    oncall: { pinPepper: 'test-pepper-0123456789abcdef' },
    logLevel: options.logLevel ?? 'silent',
    logFormat: 'json',
    demo: options.demo ?? false,
    clientDist: options.clientDist ?? mkdtempSync(join(tmpdir(), 'ondeck-dist-')),
  };
  const clock = new OffsetClock();
  const printed: string[] = [];
  const logger = createLogger(config.logLevel, new Writable({ write: (chunk: Buffer, _enc, done) => (process.stderr.write(chunk), done()) }));
  const domains = options.domains || options.ami ? domainModules(config, logger) : undefined;
  const server = createServer(config, {
    // Cheap scrypt keeps tests fast; the format and the checks are the same.
    passwordHasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    initialAdminPassword: TEST_ADMIN.password,
    ...(domains ? { pbxStatus: domains.pbxStatus } : {}),
    ...options.deps,
    modules: [...(domains?.modules ?? []), ...(options.deps?.modules ?? [])],
    clock,
    logger,
    print: (text) => printed.push(text),
  });
  let url: string;
  try {
    ({ url } = await server.start());
  } catch (error) {
    await server.stop().catch(() => undefined);
    await dropDatabase(config.db).catch(() => undefined);
    throw error;
  }

  const api: TestServer['api'] = async (method, path, { token, body, cookie } = {}) => {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed, setCookie: response.headers.get('set-cookie') };
  };

  const login: TestServer['login'] = async (login, password) => {
    const response = await api('POST', '/api/auth/login', { body: { login, password } });
    if (response.status !== 200) throw new Error(`login as ${login} failed: ${response.status} ${JSON.stringify(response.body)}`);
    const session = response.body as LoginResponse;
    return { accessToken: session.accessToken, cookie: refreshCookieFrom(response.setCookie), response: session };
  };

  return {
    url,
    dbName,
    config,
    server,
    clock,
    printed,
    api,
    login,
    loginDemo(username) {
      const account = demoAccount(username);
      return login(account.username, account.password);
    },
    async createUser(request) {
      const { createUserSchema } = await import('@ondeck/shared');
      const { toUserRecord } = await import('../src/users');
      return toUserRecord(await server.services.users.create(createUserSchema.parse(request), null));
    },
    async stop() {
      await server.stop();
      await dropDatabase(config.db);
      // Only the harness's own CDR database: one a test named itself is that test's to drop.
      if (!options.cdrDbName) await dropDatabase({ ...config.db, name: config.history.cdr.name });
    },
  };
}

export { refreshCookieFrom };

export interface TestServerHandle {
  /** The running server (available inside tests, after beforeAll). */
  readonly t: TestServer;
  /** An access token of TEST_ADMIN (non-demo servers), taken at start. */
  readonly adminToken: string;
}

/**
 * For vitest files: starts one server in beforeAll, stops it in afterAll.
 * `const s = useTestServer(); it('…', async () => s.t.api(…))`.
 */
export function useTestServer(options: StartTestServerOptions = {}): TestServerHandle {
  let server: TestServer | undefined;
  let adminToken = '';
  beforeAll(async () => {
    server = await startTestServer(options);
    if (!options.demo) adminToken = (await server.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get t() {
      if (!server) throw new Error('useTestServer: the server is not started yet (use it inside tests or hooks)');
      return server;
    },
    get adminToken() {
      return adminToken;
    },
  };
}
