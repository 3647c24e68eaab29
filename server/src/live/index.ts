import type { Logger } from '../logging';
import type { OnDeckIo } from '../realtime';
import type { AccountEvents, User } from '../users';
import type { Timers } from '../lib/clock';
import { LiveActionsService, type QueueMemberStyleSetting } from './live-actions.service';
import { MonitoredFeed } from './monitor-modes';
import { liveRoutes } from './live.routes';
import { LiveGateway, type LiveGatewayDeps } from './live.socket';
import type { AmiActionPort } from '../pbx';
import type { AuditLog, PbxFeed, QueueThresholdsSource } from './ports';

export { LiveActionsService, type QueueMemberStyleSetting } from './live-actions.service';
export { MonitoredFeed } from './monitor-modes';
export { LiveGateway } from './live.socket';
export { liveRoutes } from './live.routes';
export { ScopedView, scopeSnapshot, scopeCall, REDACTED_PARTY } from './scope-filter';
export { ChangeCoalescer } from './change-coalescer';
export type { AuditLog, PbxFeed, QueueThresholdsSource } from './ports';

export interface LivePanelDeps {
  io: OnDeckIo;
  pbx: PbxFeed;
  ami: AmiActionPort;
  audit: AuditLog;
  users: { findById(id: number): Promise<User | null> };
  events: AccountEvents;
  pauseReasons: () => readonly string[];
  queueThresholds?: QueueThresholdsSource;
  logger: Logger;
  timers?: Timers;
  flushIntervalMs?: number;
  /** QUEUE_MEMBER_STYLE: how new queue members are written (default auto). */
  queueMemberStyle?: QueueMemberStyleSetting;
  /** Tests set small action limits; production uses DEFAULT_ACTION_LIMITS. */
  actionLimits?: LiveGatewayDeps['actionLimits'];
  refusalWindowMs?: number;
}

export interface LivePanel {
  gateway: LiveGateway;
  actions: LiveActionsService;
  routes: ReturnType<typeof liveRoutes>;
  close(): void;
}

/** Wires the live panel: actions service, Socket.IO gateway and REST routes. */
export function createLivePanel(deps: LivePanelDeps): LivePanel {
  // Actions and sockets share one feed, so a switched monitor mode shows everywhere at once.
  const pbx = new MonitoredFeed(deps.pbx);
  const actions = new LiveActionsService({
    pbx,
    ami: deps.ami,
    audit: deps.audit,
    pauseReasons: deps.pauseReasons,
    logger: deps.logger,
    ...(deps.queueMemberStyle ? { queueMemberStyle: deps.queueMemberStyle } : {}),
    ...(deps.refusalWindowMs !== undefined ? { refusalWindowMs: deps.refusalWindowMs } : {}),
    ...(deps.timers ? { clock: deps.timers } : {}),
  });
  const gateway = new LiveGateway({ ...deps, pbx, actions });
  return { gateway, actions, routes: liveRoutes(pbx), close: () => {
      gateway.close();
      actions.close();
    },
  };
}
