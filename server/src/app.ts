import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import {
  AccessTokens,
  AuthService,
  LoginThrottle,
  RefreshTokenRepository,
  ScryptPasswordHasher,
  DEFAULT_LOGIN_THROTTLE,
  type LoginThrottleOptions,
  type PasswordHasher,
} from './auth';
import { systemClock, type AppConfig, type Clock } from './config';
import { AuditRepository, createPool, ensureDatabase, runMigrations, type Pool } from './db';
import { DisabledPbxStatusSource, type PbxStatusSource } from './health';
import type { ApiState, RouteDefinition } from './http';
import { errorHandler } from './http/error-handler';
import { requestContext } from './http/request-context';
import { apiNotFound, buildApiRouter } from './http/router';
import { apiRoutes } from './http/routes';
import { securityHeaders } from './http/security-headers';
import { staticSpa } from './http/static-spa';
import { boxed, createLogger, table, type Logger } from './logging';
import { Realtime, type OnDeckIo } from './realtime';
import { SettingsRepository, SettingsService } from './settings';
import { AccountEvents, UsersRepository, UsersService, ensureFirstAdmin, seedDemoAccounts, type SeededAccount } from './users';

/** Replaceable parts, for tests and for modules that plug in later (the PBX link). */
export interface ServerDeps {
  logger?: Logger;
  clock?: Clock;
  pbxStatus?: PbxStatusSource;
  passwordHasher?: PasswordHasher;
  loginThrottle?: LoginThrottleOptions;
  /** Password for the `admin` created on a first start with no accounts (random when absent). */
  initialAdminPassword?: string;
  /** Where the start-up box goes; stdout by default. */
  print?: (text: string) => void;
}

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

  const settings = new SettingsService(new SettingsRepository(pool), audit, logger);
  const users = new UsersService({ pool, users: usersRepository, refreshTokens, hasher, audit, events: accountEvents, clock, logger });
  const auth = new AuthService({
    users: usersRepository,
    refreshTokens,
    hasher,
    accessTokens: new AccessTokens(config.auth.jwtSecret, clock),
    throttle: new LoginThrottle(clock, deps.loginThrottle ?? DEFAULT_LOGIN_THROTTLE),
    audit,
    events: accountEvents,
    clock,
    logger,
    accessTokenMinutes: () => settings.current().accessTokenMinutes,
    refreshTokenDays: config.auth.refreshTokenDays,
  });

  const routes = apiRoutes({ auth, users, settings, pbxStatus, clock, startedAt });
  const app = new Koa<ApiState>({ proxy: config.http.trustProxy });
  app.silent = true;
  const router = buildApiRouter(routes, auth);
  app
    .use(requestContext(logger))
    .use(securityHeaders())
    .use(errorHandler(logger))
    .use(apiNotFound())
    .use(bodyParser({ enableTypes: ['json'], jsonLimit: '100kb', encoding: 'utf-8' }))
    .use(router.routes())
    .use(staticSpa(config.clientDist));

  const httpServer = createHttpServer(app.callback());
  const realtime = new Realtime(httpServer, { auth, users: usersRepository, events: accountEvents, pbxStatus, clock, logger });
  const services: OnDeckServices = { pool, audit, accountEvents, auth, users, usersRepository, settings, realtime, pbxStatus, clock, logger };

  async function prepareDatabase(): Promise<SeededAccount[]> {
    await ensureDatabase(config.db);
    await runMigrations(config.db, logger);
    await settings.load();
    await refreshTokens.deleteExpiredBefore(new Date(clock.now()));
    if (config.demo) return seedDemoAccounts(users, usersRepository);
    const firstAdmin = await ensureFirstAdmin(users, usersRepository, deps.initialAdminPassword);
    return firstAdmin ? [firstAdmin] : [];
  }

  function announce(url: string, seeded: SeededAccount[]): void {
    if (config.demo) {
      logger.info({ url, accounts: seeded.map((a) => a.username) }, 'demo mode: demo accounts ready');
      const rows = table([['user', 'password', 'role', 'ext'], ...(seeded.length > 0 ? seeded : []).map((a) => [a.username, a.password, a.role, a.extension ?? '-'])]);
      print(boxed([`OnDeck demo is running at ${url}`, ...(seeded.length > 0 ? ['', ...rows] : ['Demo accounts already exist (see README for their passwords).'])]));
    } else if (seeded[0]) {
      logger.warn({ url, username: seeded[0].username }, 'first start: created the admin account; change its password after signing in');
      print(boxed([`OnDeck is running at ${url}`, '', 'First start: an admin account was created.', `  user: ${seeded[0].username}`, `  password: ${seeded[0].password}`, 'Sign in and change this password now (it is shown only once).']));
    }
  }

  return {
    httpServer,
    io: realtime.io,
    routes,
    services,
    async start() {
      const seeded = await prepareDatabase();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.http.port, config.http.host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const { port } = httpServer.address() as AddressInfo;
      const shownHost = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
      const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
      logger.info({ url, host: config.http.host, port, demo: config.demo }, 'OnDeck listening');
      announce(url, seeded);
      return { url };
    },
    async stop() {
      const closed = httpServer.listening ? new Promise<void>((resolve) => httpServer.once('close', () => resolve())) : Promise.resolve();
      await realtime.close();
      httpServer.closeAllConnections();
      await closed;
      await pool.end();
      logger.info('OnDeck stopped');
    },
  };
}
