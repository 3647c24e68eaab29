import { createServer as createHttpServer, type RequestListener, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import {
  AccessTokens,
  AuthService,
  RefreshTokenRepository,
  ScryptPasswordHasher,
  SignInThrottle,
  SignInThrottleRepository,
  DEFAULT_SIGN_IN_THROTTLE,
  authRoutes,
  readAuthorization,
  type SignInThrottleRules,
  type PasswordHasher,
} from './auth';
import type { AppConfig } from './config';
import { systemClock, type Clock } from './lib/clock';
import { runDetached } from './lib/detached';
import { AuditRepository, createPool, ensureDatabase, runMigrations, type Pool } from './db';
import { DisabledPbxStatusSource, healthRoutes, type PbxStatusSource } from './health';
import type { ApiState, RouteDefinition } from './http';
import { koaProxyOptions } from './http';
import { errorHandler } from './http/error-handler';
import { requestContext } from './http/request-context';
import { apiNotFound, buildApiRouter } from './http/router';
import { securityHeaders } from './http/security-headers';
import { staticSpa } from './http/static-spa';
import { createLogger, type Logger } from './logging';
import { Realtime, type OnDeckIo } from './realtime';
import { SettingsRepository, SettingsService, settingsRoutes } from './settings';
import { AccountEvents, UsersRepository, UsersService, usersRoutes, ensureFirstAdmin, seedDemoAccounts, startupBanner, type SeededAccount } from './users';

/** Replaceable parts, for tests and for modules that plug in later (the PBX link). */
export interface ServerDeps {
  logger?: Logger;
  clock?: Clock;
  pbxStatus?: PbxStatusSource;
  passwordHasher?: PasswordHasher;
  /** Sign-in limits per address (top level) and per account (`account`). */
  loginThrottle?: SignInThrottleRules;
  /** Password for the `admin` created on a first start with no accounts (random when absent). */
  initialAdminPassword?: string;
  /** Where the start-up box goes; stdout by default. */
  print?: (text: string) => void;
  /** Domains plugged in by the caller (PBX link, live panel, on-call…); see ServerModule. */
  modules?: readonly ServerModuleFactory[];
}

/**
 * A domain that joins the server: its routes go through the same registry, guard and
 * authorization matrix; `start` runs after migrations and before the port opens, `stop`
 * runs in reverse order on shutdown before the database pool closes.
 */
export interface ServerModule {
  name: string;
  routes?: readonly RouteDefinition[];
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export type ServerModuleFactory = (context: { config: AppConfig; services: OnDeckServices }) => ServerModule;

export interface OnDeckServices {
  pool: Pool;
  audit: AuditRepository;
  accountEvents: AccountEvents;
  auth: AuthService;
  users: UsersService;
  usersRepository: UsersRepository;
  settings: SettingsService;
  realtime: Realtime;
  pbxStatus: PbxStatusSource;
  clock: Clock;
  logger: Logger;
}

export interface OnDeckServer {
  httpServer: HttpServer;
  io: OnDeckIo;
  /** Every REST route with its access declaration (the authorization matrix test reads this). */
  routes: readonly RouteDefinition[];
  services: OnDeckServices;
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/** The composition root: repositories → services → entry points, wired once. */
export function createServer(config: AppConfig, deps: ServerDeps = {}): OnDeckServer {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const clock = deps.clock ?? systemClock;
  const print = deps.print ?? ((text: string) => process.stdout.write(text));
  const startedAt = clock.now();

  const pool = createPool(config.db);
  const audit = new AuditRepository(pool);
  const usersRepository = new UsersRepository(pool);
  const refreshTokens = new RefreshTokenRepository(pool);
  const hasher = deps.passwordHasher ?? new ScryptPasswordHasher();
  const accountEvents = new AccountEvents();
  const pbxStatus = deps.pbxStatus ?? new DisabledPbxStatusSource();

  const signInThrottle = new SignInThrottle(new SignInThrottleRepository(pool), clock, deps.loginThrottle ?? DEFAULT_SIGN_IN_THROTTLE);
  const settings = new SettingsService(new SettingsRepository(pool), audit, logger);
  const users = new UsersService({ pool, users: usersRepository, refreshTokens, hasher, audit, events: accountEvents, clock, logger });
  const auth = new AuthService({
    users: usersRepository,
    refreshTokens,
    hasher,
    accessTokens: new AccessTokens(config.auth.jwtSecret, clock),
    throttle: signInThrottle,
    audit,
    events: accountEvents,
    clock,
    logger,
    accessTokenMinutes: () => settings.current().accessTokenMinutes,
    refreshTokenDays: config.auth.refreshTokenDays,
  });

  // Socket.IO wraps the server's request listeners when it attaches, so Koa's handler must be
  // registered first; it is filled in once every module's routes are known.
  let handleRequest: RequestListener = (_req, res) => res.writeHead(503).end();
  const listener: RequestListener = (req, res) => handleRequest(req, res);
  // With a certificate OnDeck serves HTTPS itself: browsers give the microphone only to secure pages.
  const tls = config.http.tls;
  const httpServer: HttpServer = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createHttpServer(listener);
  const realtime = new Realtime(httpServer, { auth, users: usersRepository, events: accountEvents, pbxStatus, clock, logger, proxyHops: config.http.proxyHops });
  const services: OnDeckServices = { pool, audit, accountEvents, auth, users, usersRepository, settings, realtime, pbxStatus, clock, logger };
  // A table, not `SELECT 1`: a dropped or unreadable database must count as down.
  const health = { database: async () => void (await pool.query('SELECT 1 FROM schema_migrations LIMIT 1')) };
  // Every domain joins as a module, assembled here: the core ones below, then those plugged in by
  // the caller (domains.ts: live panel, wallboard, on-call, phone). Their routes, in this order, are
  // THE list of REST routes; http/ only mounts it. Every route declares its access, and the
  // authorization matrix test picks them all up.
  const coreModules: ServerModule[] = [
    { name: 'health', routes: healthRoutes(pbxStatus, clock, startedAt, health) },
    { name: 'auth', routes: authRoutes(auth) },
    { name: 'users', routes: usersRoutes(users) },
    { name: 'settings', routes: settingsRoutes(settings) },
  ];
  const pluggedModules = (deps.modules ?? []).map((create) => create({ config, services }));
  const modules = [...coreModules, ...pluggedModules];
  const routes = modules.flatMap((m) => m.routes ?? []);
  // Client addresses (sign-in lockout, audit) trust exactly the configured proxy hops.
  const app = new Koa<ApiState>(koaProxyOptions(config.http.proxyHops));
  app.silent = true;
  app
    .use(requestContext(logger))
    .use(securityHeaders())
    .use(errorHandler(logger))
    .use(apiNotFound())
    .use(bodyParser({ enableTypes: ['json'], jsonLimit: '100kb', encoding: 'utf-8' }))
    .use(buildApiRouter(routes, async (request) => auth.authenticate(readAuthorization(request))).routes())
    .use(staticSpa(config.clientDist));
  const koaHandler = app.callback();
  // Koa settles every request itself (errorHandler above, then its own onerror); should its
  // promise ever reject anyway, the failure is logged rather than left unhandled.
  handleRequest = (req, res) => runDetached(logger, 'answering an HTTP request', () => koaHandler(req, res));

  async function prepareDatabase(): Promise<SeededAccount[]> {
    await ensureDatabase(config.db);
    await runMigrations(config.db, logger);
    await settings.load();
    await refreshTokens.deleteExpiredBefore(new Date(clock.now()));
    await signInThrottle.prune();
    if (config.demo) return seedDemoAccounts(users, usersRepository);
    const firstAdmin = await ensureFirstAdmin(users, usersRepository, deps.initialAdminPassword);
    return firstAdmin ? [firstAdmin] : [];
  }

  function announce(url: string, seeded: SeededAccount[]): void {
    if (config.demo) logger.info({ url, created: seeded.map((a) => a.username) }, 'demo mode: demo accounts ready');
    else if (seeded[0]) logger.warn({ url, username: seeded[0].username }, 'first start: created the admin account; change its password after signing in');
    const banner = startupBanner(url, config.demo, seeded, config.http.host);
    if (banner) print(banner);
  }

  return {
    httpServer,
    io: realtime.io,
    routes,
    services,
    async start() {
      const seeded = await prepareDatabase();
      for (const module of modules) {
        await module.start?.();
        logger.info({ module: module.name }, 'module started');
      }
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.http.port, config.http.host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const { port } = httpServer.address() as AddressInfo;
      const shownHost = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
      const url = `${tls ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
      logger.info({ url, host: config.http.host, port, demo: config.demo }, 'OnDeck listening');
      announce(url, seeded);
      return { url };
    },
    async stop() {
      const closed = httpServer.listening ? new Promise<void>((resolve) => httpServer.once('close', () => resolve())) : Promise.resolve();
      await realtime.close();
      httpServer.closeAllConnections();
      await closed;
      for (const module of [...modules].reverse()) {
        await module.stop?.().catch((error: unknown) => logger.error({ err: error, module: module.name }, 'module failed to stop'));
      }
      await pool.end();
      logger.info('OnDeck stopped');
    },
  };
}
