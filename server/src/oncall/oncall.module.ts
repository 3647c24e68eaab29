import type { Logger } from 'pino';
import type { Pool } from 'mysql2/promise';
import type { AgiServer } from '../agi';
import type { PasswordHasher } from '../auth';
import type { Clock } from '../config';
import type { AstDb } from './astdb.repository';
import { OnCallAdminRepository } from './oncall-admin.repository';
import { OnCallAuditRepository } from './oncall-audit.repository';
import { AstDbOnCallRouting } from './oncall-routing.service';
import { DEFAULT_LOCKOUT_RULES, OnCallLockout, type LockoutRules } from './oncall-lockout';
import { OnCallMembersService } from './oncall-members.service';
import { createOnCallTakeoverAgi, ONCALL_TAKEOVER_SCRIPT, type OnCallTakeoverAgiOptions } from './oncall-takeover.agi';
import { OnCallTakeoverService } from './oncall-takeover.service';
import { OnCallRepository } from './oncall.repository';
import type { OnCallNotifier, OnCallRouting } from './oncall.ports';
import { PinHasher } from './pin-hasher';

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
  /** The webhook outbox (later). */
  notifier: OnCallNotifier;
  /** Tests pass a cheap scrypt. */
  passwordHasher?: PasswordHasher;
  lockoutRules?: LockoutRules;
  agi?: OnCallTakeoverAgiOptions;
}

export interface OnCallModule {
  takeover: OnCallTakeoverService;
  members: OnCallMembersService;
  repository: OnCallRepository;
  audit: OnCallAuditRepository;
  admin: OnCallAdminRepository;
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
  const lockout = new OnCallLockout(audit, deps.lockoutRules ?? DEFAULT_LOCKOUT_RULES);
  const takeover = new OnCallTakeoverService({
    store: repository,
    audit,
    lockout,
    pins,
    routing,
    notifier: deps.notifier,
    clock: deps.clock,
    logger,
  });
  const members = new OnCallMembersService({ members: repository, audit, pins, clock: deps.clock });
  return {
    takeover,
    members,
    repository,
    audit,
    admin,
    async reassertRoutes() {
      if (!astDbRouting) return;
      await astDbRouting.reassertAll().catch((error: unknown) => logger.error({ err: error }, 'reading the on-call routes to re-assert failed'));
    },
    registerAgi(server) {
      server.register(ONCALL_TAKEOVER_SCRIPT, createOnCallTakeoverAgi(takeover, deps.agi));
    },
  };
}
