import type { Logger } from 'pino';
import type { Pool } from 'mysql2/promise';
import type { AgiServer } from '../agi';
import type { PasswordHasher } from '../auth';
import type { Clock } from '../lib/clock';
import { OutboundHttp, STRICT_OUTBOUND_POLICY, type OutboundPolicy } from '../outbound';
import type { AstDb } from './line/astdb.repository';
import { OnCallAdminRepository } from './directory/oncall-admin.repository';
import type { RouteDefinition } from '../http';
import { HttpCalendarFetcher, type CalendarFetcher } from './schedule/calendar-http.repository';
import { OnCallAuditRepository } from './audit/oncall-audit.repository';
import { OnCallScheduleRepository } from './schedule/oncall-schedule.repository';
import { OnCallScheduleService } from './schedule/oncall-schedule.service';
import { OnCallScheduler } from './schedule/oncall-scheduler.service';
import { OnCallDirectoryService } from './directory/oncall-directory.service';
import { OnCallNotificationsRepository } from './delivery/oncall-notifications.repository';
import { OnCallOutbox, type OutboxRules } from './delivery/oncall-outbox.service';
import { OnCallPanelService } from './oncall-panel.service';
import { OnCallRecordsService } from './oncall-records.service';
import { onCallRoutes } from './oncall.routes';
import { FetchWebhookSender, type WebhookSender } from './delivery/webhook-http.repository';
import { AstDbOnCallRouting } from './line/oncall-routing.service';
import { DEFAULT_LOCKOUT_RULES, OnCallLockout, type LockoutRules } from './line/oncall-lockout';
import { OnCallMembersService } from './directory/oncall-members.service';
import { createOnCallTakeoverAgi, ONCALL_TAKEOVER_SCRIPT, type OnCallTakeoverAgiOptions } from './line/oncall-takeover.agi';
import { OnCallTakeoverService } from './line/oncall-takeover.service';
import { OnCallRepository } from './line/oncall.repository';
import { OnCallChanges } from './line/oncall-changes.service';
import type { OnCallNotifier, OnCallRouting } from './oncall.ports';
import { PinHasher } from './line/pin-hasher';

export interface OnCallModuleDeps {
  pool: Pool;
  clock: Clock;
  logger: Logger;
  /** ONCALL_PIN_PEPPER: at least 16 characters, never stored in the database. */
  pinPepper: string;
  /** Where ONCALL/<division> and ONCALL_FALLBACK/<division> are written (AMI DBPut/DBDel). */
  astdb?: AstDb;
  /** Replaces the AstDB routing (unit and takeover tests record instead). */
  routing?: OnCallRouting;
  /** Replaces the webhook outbox (takeover tests record instead). */
  notifier?: OnCallNotifier;
  /** Checks an OnDeck account password, for re-confirming a takeover in the panel. */
  verifyPassword?: (userId: number, password: string) => Promise<boolean>;
  /** Which non-public addresses webhooks and calendars may reach (OUTBOUND_ALLOW_*); none by default. */
  outbound?: OutboundPolicy;
  webhookSender?: WebhookSender;
  outboxRules?: OutboxRules;
  /** How often the outbox worker looks for due deliveries (5 s). */
  outboxIntervalMs?: number;
  calendarFetcher?: CalendarFetcher;
  /** Tests pass a cheap scrypt. */
  passwordHasher?: PasswordHasher;
  lockoutRules?: LockoutRules;
  agi?: OnCallTakeoverAgiOptions;
  /**
   * Told when what the board shows changed in a division: a committed change of who is on call,
   * a lockout starting or cleared. The composition root pushes `oncall:changed` to open boards.
   */
  notifyBoards?: (divisionId: number) => void;
}

export interface OnCallModule {
  takeover: OnCallTakeoverService;
  members: OnCallMembersService;
  repository: OnCallRepository;
  audit: OnCallAuditRepository;
  admin: OnCallAdminRepository;
  panel: OnCallPanelService;
  /** The one way who-is-on-call changes; subscribe to hear about every committed change. */
  changes: OnCallChanges;
  directory: OnCallDirectoryService;
  schedules: OnCallScheduleService;
  outbox: OnCallOutbox;
  scheduler: OnCallScheduler;
  routes: RouteDefinition[];
  /** Re-asserts the AstDB routes and starts the outbox worker. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Rewrites every division's AstDB keys; call at start and after every AMI reconnect. Never throws. */
  reassertRoutes(): Promise<void>;
  /** Routes `agi://…/oncall-takeover` to the takeover dialogue. */
  registerAgi(server: AgiServer): void;
}

/** Wires the on-call domain for the composition root. */
export function createOnCallModule(deps: OnCallModuleDeps): OnCallModule {
  const logger = deps.logger.child({ domain: 'oncall' });
  const repository = new OnCallRepository(deps.pool);
  const audit = new OnCallAuditRepository(deps.pool);
  const admin = new OnCallAdminRepository(deps.pool);
  const astDbRouting = deps.astdb ? new AstDbOnCallRouting({ astdb: deps.astdb, routes: admin, logger }) : null;
  const routing: OnCallRouting = deps.routing ?? astDbRouting ?? { publish: async () => undefined };
  const pins = new PinHasher(deps.pinPepper, deps.passwordHasher);
  const notifications = new OnCallNotificationsRepository(deps.pool);
  const outboundHttp = new OutboundHttp(deps.outbound ?? STRICT_OUTBOUND_POLICY);
  const outbox = new OnCallOutbox({
    outbox: notifications,
    divisions: admin,
    sender: deps.webhookSender ?? new FetchWebhookSender(undefined, outboundHttp),
    audit,
    clock: deps.clock,
    logger,
    ...(deps.outboxRules ? { rules: deps.outboxRules } : {}),
  });
  const webhookNotifier = deps.notifier ?? outbox;
  const schedules = new OnCallScheduleRepository(deps.pool);
  const changes = new OnCallChanges(repository);
  const scheduler = new OnCallScheduler({
    schedules,
    store: repository,
    changes,
    audit,
    fetcher: deps.calendarFetcher ?? new HttpCalendarFetcher(undefined, outboundHttp),
    clock: deps.clock,
    logger,
  });
  // Every committed change, whoever made it, reaches these in this order.
  changes.subscribe('publishing the on-call route to the PBX', (change) => routing.publish(change.divisionId, change.phone));
  // A takeover by phone or in the panel also becomes an override, so the schedule does not undo it.
  changes.subscribe('recording the takeover as a schedule override', (change) => scheduler.noteTakeover(change));
  changes.subscribe('queueing the on-call webhook', (change) => webhookNotifier.onCallChanged(change));
  const notifyBoards = deps.notifyBoards;
  if (notifyBoards) changes.subscribe('telling open boards', async (change) => notifyBoards(change.divisionId));
  const lockout = new OnCallLockout(audit, deps.lockoutRules ?? DEFAULT_LOCKOUT_RULES);
  const takeover = new OnCallTakeoverService({
    store: repository,
    audit,
    lockout,
    pins,
    changes,
    ...(notifyBoards ? { boardChanged: notifyBoards } : {}),
    clock: deps.clock,
    logger,
  });
  const members = new OnCallMembersService({ members: repository, audit, pins, clock: deps.clock });
  const panel = new OnCallPanelService({
    store: repository,
    admin,
    audit,
    pins,
    lockout,
    verifyPassword: deps.verifyPassword ?? (async () => false),
    changes,
    scheduler,
    ...(notifyBoards ? { boardChanged: notifyBoards } : {}),
    clock: deps.clock,
    logger,
  });
  const directory = new OnCallDirectoryService({
    admin,
    members,
    audit,
    pins,
    clock: deps.clock,
    logger,
    async onRoutingChanged(divisionId, deleted) {
      if (!astDbRouting) return;
      if (deleted) await astDbRouting.forget(divisionId);
      else await astDbRouting.publish(divisionId, (await admin.divisionRoute(divisionId))?.phone ?? null);
    },
  });
  async function reassertRoutes(): Promise<void> {
    if (!astDbRouting) return;
    await astDbRouting.reassertAll().catch((error: unknown) => logger.error({ err: error }, 'reading the on-call routes to re-assert failed'));
  }
  const scheduleService = new OnCallScheduleService({ schedules, scheduler, store: repository, admin, audit, clock: deps.clock, logger });
  return {
    takeover,
    members,
    repository,
    audit,
    admin,
    panel,
    changes,
    directory,
    schedules: scheduleService,
    outbox,
    scheduler,
    routes: onCallRoutes({ panel, directory, records: new OnCallRecordsService({ audit, notifications }), schedules: scheduleService }),
    reassertRoutes,
    async start() {
      await reassertRoutes();
      outbox.start(deps.outboxIntervalMs);
      scheduler.start();
    },
    async stop() {
      scheduler.stop();
      await outbox.stop();
    },
    registerAgi(server) {
      server.register(ONCALL_TAKEOVER_SCRIPT, createOnCallTakeoverAgi(takeover, deps.agi));
    },
  };
}
