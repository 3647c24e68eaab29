import { LoginThrottle, type LoginThrottleOptions } from '../auth';
import type { Clock } from '../lib/clock';
import type { Queryable } from '../db';
import type { AuditLog, PbxFeed } from '../live';
import type { Logger } from '../logging';
import { QueueThresholdsRepository } from './queue-thresholds.repository';
import { QueueThresholdsService } from './queue-thresholds.service';
import { WallboardLinksRepository } from './wallboard-links.repository';
import { WallboardLinksService } from './wallboard-links.service';
import { wallboardRoutes } from './wallboard.routes';

export { QueueThresholdsService } from './queue-thresholds.service';
export { WallboardLinksService, hashWallboardToken } from './wallboard-links.service';
export { wallView, wallboardScope } from './wall-view';

/**
 * Guessing guard for /api/wall/:token: 20 wrong links from one address in a minute lock it out
 * for 5 minutes. A TV polls every 2 s with a good link, so only wrong links count.
 */
export const WALL_TOKEN_GUARD: LoginThrottleOptions = { maxFailures: 20, windowMs: 60_000, lockoutMs: 5 * 60_000 };

export interface WallboardDeps {
  db: Queryable;
  pbx: PbxFeed;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  guard?: LoginThrottleOptions;
}

export interface Wallboard {
  thresholds: QueueThresholdsService;
  links: WallboardLinksService;
  routes: ReturnType<typeof wallboardRoutes>;
  /** Loads the stored thresholds; call once migrations ran. */
  start: () => Promise<void>;
}

/** Wires queue thresholds and wallboard links: repositories → services → routes. */
export function createWallboard(deps: WallboardDeps): Wallboard {
  const thresholds = new QueueThresholdsService({
    repository: new QueueThresholdsRepository(deps.db),
    audit: deps.audit,
    logger: deps.logger,
    pbxQueues: () => deps.pbx.snapshot().queues.map((queue) => queue.name),
  });
  const links = new WallboardLinksService({
    repository: new WallboardLinksRepository(deps.db),
    pbx: deps.pbx,
    thresholds,
    guard: new LoginThrottle(deps.clock, deps.guard ?? WALL_TOKEN_GUARD),
    audit: deps.audit,
    clock: deps.clock,
    logger: deps.logger,
  });
  return { thresholds, links, routes: wallboardRoutes(thresholds, links), start: () => thresholds.load() };
}
