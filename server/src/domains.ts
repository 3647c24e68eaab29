import { EventEmitter } from 'node:events';
import type { PbxStatus } from '@ondeck/shared';
import { AgiServer } from './agi';
import { createCallHistory } from './history';
import type { OnDeckServices, ServerModuleFactory } from './app';
import type { AppConfig } from './config';
import type { PbxStatusSource } from './health';
import { createQualityModule, QualityRepository, type QualityModule } from './history/quality';
import { createLivePanel } from './live';
import type { Logger } from './logging';
import { ScryptPasswordHasher } from './auth';
import { AmiAstDb, createOnCallModule, seedDemoOnCall } from './oncall';
import { FreePbxSipSecrets, OnDeckSipSecrets, PhoneRecordingService, PhoneService, SecretBox, phoneRoutes } from './phone';
import { PbxService, amiActionPort } from './pbx';
import { createFreePbxPool, ExtensionNames, FreePbxUsersRepository } from './pbx/freepbx';
import { AmiConnection } from './pbx/ami';
import { createWallboard, type Wallboard } from './wallboard';
import { runDetached } from './lib/detached';

/** The AMI link's `status` events as the PbxStatusSource that /api/status and sockets read. */
class AmiStatusSource extends EventEmitter<{ change: [PbxStatus] }> implements PbxStatusSource {
  constructor(private readonly connection: AmiConnection) {
    super();
    connection.on('status', (status) => this.emit('change', status));
  }

  current(): PbxStatus {
    return this.connection.status;
  }
}

export interface DomainWiring {
  /** Hand to createServer as `deps.pbxStatus`. */
  pbxStatus: PbxStatusSource;
  /** Hand to createServer as `deps.modules`. */
  modules: ServerModuleFactory[];
}

/**
 * Plugs the PBX-facing domains into the server: the AMI link, the PBX model fed by it, the
 * live panel (sockets + REST) and on-call takeover over FastAGI. With AMI_ENABLED=false the link never starts: status stays
 * 'disabled', the panel shows an empty PBX and actions answer that the PBX is unavailable.
 */
export function domainModules(config: AppConfig, logger: Logger): DomainWiring {
  const connection = new AmiConnection({
    host: config.ami.host,
    port: config.ami.port,
    username: config.ami.username,
    secret: config.ami.secret,
    logger: logger.child({ module: 'ami' }),
  });
  // Extension names come from FreePBX's users table (in the demo, the one the simulator writes);
  // where it cannot be read the model keeps the caller-ID names it sees. SIP secrets come from
  // FreePBX only on a real box: the demo's phones use OnDeck's own.
  const namesPool = createFreePbxPool(config.db, config.freepbx.dbName);
  const freepbxPool = config.demo ? undefined : namesPool;
  const names = new ExtensionNames(new FreePbxUsersRepository(namesPool), {
    logger: logger.child({ module: 'freepbx-names' }),
    // The demo's simulator may write its table a moment after OnDeck first looks.
    ...(config.demo ? { refreshMs: 60_000 } : {}),
  });
  const pbx = new PbxService(connection, { logger: logger.child({ module: 'pbx' }), nameSource: names.nameOf });
  names.onChange(() => pbx.model.refreshNames());
  /** The one AMI action port every domain sends through (the panel, on-call's AstDB, recording). */
  const amiActions = amiActionPort(connection);

  // Per-queue alert thresholds and read-only wallboard links read the same PBX model; the live
  // panel colours queues by those thresholds, so both modules share the one wallboard.
  const wallboards = new WeakMap<OnDeckServices, Wallboard>();
  const wallboardOf = (services: OnDeckServices): Wallboard => {
    const existing = wallboards.get(services);
    if (existing) return existing;
    const wallboard = createWallboard({ db: services.pool, pbx, audit: services.audit, clock: services.clock, logger: logger.child({ module: 'wallboard' }) });
    wallboards.set(services, wallboard);
    return wallboard;
  };

  // Call quality from RTCP: the live panel reads its feed (calls in progress carry `quality`), the
  // call log its `lookup` (stored per-leg summaries). One per server, like the wallboard.
  const qualities = new WeakMap<OnDeckServices, QualityModule>();
  const qualityOf = (services: OnDeckServices): QualityModule => {
    const existing = qualities.get(services);
    if (existing) return existing;
    const quality = createQualityModule({
      repository: new QualityRepository(services.pool),
      events: connection,
      pbx: { snapshot: () => pbx.snapshot(), subscribe: (listener) => pbx.subscribe(listener), call: (id) => pbx.model.call(id) },
      logger: logger.child({ module: 'quality' }),
    });
    qualities.set(services, quality);
    return quality;
  };

  /**
   * Listed before the panel: it listens before the AMI link starts, and stops after the link
   * (modules stop in reverse), storing the legs still in progress while the database is open.
   */
  const qualityModule: ServerModuleFactory = ({ services }) => {
    const quality = qualityOf(services);
    return { name: 'quality', start: async () => quality.start(), stop: () => quality.stop() };
  };

  /** Listed before the panel so the thresholds are loaded before the AMI link starts. */
  const wallboardModule: ServerModuleFactory = ({ services }) => {
    const { routes, start } = wallboardOf(services);
    return { name: 'wallboard', routes, start };
  };

  const pbxModule: ServerModuleFactory = ({ services }) => {
    const panel = createLivePanel({
      io: services.realtime.io,
      pbx: qualityOf(services).feed,
      ami: amiActions,
      audit: services.audit,
      users: services.usersRepository,
      events: services.accountEvents,
      pauseReasons: () => services.settings.current().pauseReasons,
      queueThresholds: wallboardOf(services).thresholds,
      queueMemberStyle: config.queueMemberStyle,
      logger: logger.child({ module: 'live' }),
    });
    return {
      name: 'pbx',
      routes: panel.routes,
      start: async () => {
        names.start();
        if (config.ami.enabled) connection.start();
      },
      stop: async () => {
        panel.close();
        await connection.stop();
        names.stop();
        await namesPool.end();
      },
    };
  };

  const onCallModule: ServerModuleFactory = ({ services }) => {
    const pinPepper = config.oncall.pinPepper;
    if (pinPepper === null) {
      return {
        name: 'oncall',
        start: async () => logger.warn('on-call takeover by phone is off: set ONCALL_PIN_PEPPER in .env to enable it'),
      };
    }
    // ONCALL/<division> and ONCALL_FALLBACK/<division> live in the AstDB so calls still route while
    // OnDeck is down (install.sh's [ondeck-oncall] context); re-asserted whenever the AMI link comes up.
    const astdb = new AmiAstDb(amiActions);
    const passwords = new ScryptPasswordHasher();
    const oncall = createOnCallModule({
      pool: services.pool,
      clock: services.clock,
      logger,
      pinPepper,
      astdb,
      outbound: config.outbound,
      // A takeover in the panel is re-confirmed with the account password (the hash carries its own cost).
      async verifyPassword(userId, password) {
        const hash = await services.usersRepository.findPasswordHash(userId);
        return hash !== null && passwords.verify(password, hash);
      },
      // Open boards reload at once instead of polling; the payload names only the division.
      notifyBoards: (divisionId) => services.realtime.io.emit('oncall:changed', { divisionId }),
    });
    const reassertOnConnect = (): void => runDetached(logger, 're-asserting the on-call routes after the AMI link came up', () => oncall.reassertRoutes());
    const agi = new AgiServer({ logger: logger.child({ module: 'fastagi' }), host: config.fastAgi.host, port: config.fastAgi.port });
    oncall.registerAgi(agi);
    return {
      name: 'oncall',
      routes: oncall.routes,
      start: async () => {
        if (config.demo) {
          const seeded = await seedDemoOnCall({
            directory: oncall.directory,
            schedules: oncall.schedules,
            userIdOf: async (username) => (await services.usersRepository.list()).find((user) => user.username === username)?.id ?? null,
            now: new Date(services.clock.now()),
            timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          });
          if (seeded) logger.info({ module: 'oncall' }, 'demo mode: created the on-call division with its members and rotation');
        }
        connection.on('connected', reassertOnConnect);
        if (connection.status.state === 'connected') await oncall.reassertRoutes();
        oncall.outbox.start();
        oncall.scheduler.start();
        await agi.listen();
      },
      stop: async () => {
        connection.off('connected', reassertOnConnect);
        await agi.close();
        await oncall.stop();
      },
    };
  };

  /** The softphone's own settings and SIP secret, for the signed-in user's extension only. */
  const phoneModule: ServerModuleFactory = ({ services }) => {
    const phone = new PhoneService({
      webrtc: config.webrtc,
      ...(freepbxPool ? { freepbx: new FreePbxSipSecrets(freepbxPool) } : {}),
      local: new OnDeckSipSecrets(services.pool, new SecretBox(config.auth.jwtSecret)),
      audit: services.audit,
      logger: logger.child({ module: 'phone' }),
    });
    const recording = new PhoneRecordingService({
      pbx: { calls: () => pbx.calls(), action: (fields) => amiActions.action(fields) },
      allowedRoles: () => services.settings.current().recordingRoles,
      audit: services.audit,
      logger: logger.child({ module: 'phone' }),
      clock: services.clock,
    });
    let unsubscribe: (() => void) | undefined;
    return {
      name: 'phone',
      routes: phoneRoutes(phone, recording),
      start: async () => {
        // A call that hangs up takes its MixMonitor with it: forget its channels then.
        unsubscribe = pbx.subscribe((change) => {
          if (change.kind === 'call' && change.op === 'removed') recording.forgetEnded();
        });
        await phone.storeDemoSecrets(config.webrtc.demoSecrets);
      },
      stop: async () => unsubscribe?.(),
    };
  };

  /** The call log, recordings and reports on FreePBX's CDR table, with the quality module's stored RTCP summaries. */
  const callHistoryModule: ServerModuleFactory = ({ services }) => {
    const history = createCallHistory({
      config: config.history,
      jwtSecret: config.auth.jwtSecret,
      pool: services.pool,
      users: services.usersRepository,
      clock: services.clock,
      logger: logger.child({ module: 'history' }),
      quality: qualityOf(services).lookup,
      nameOf: names.nameOf,
    });
    return { name: 'history', routes: history.routes, stop: history.stop };
  };
  return { pbxStatus: new AmiStatusSource(connection), modules: [qualityModule, wallboardModule, pbxModule, onCallModule, phoneModule, callHistoryModule] };
}
