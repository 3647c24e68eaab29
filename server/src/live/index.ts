import type { Logger } from '../logging';
import type { OnDeckIo } from '../realtime';
import type { AccountEvents, User } from '../users';
import type { CoalescerTimers } from './change-coalescer';
import { LiveActionsService } from './live-actions.service';
import { liveRoutes } from './live.routes';
import { LiveGateway } from './live.socket';
import type { AmiActions, AuditLog, PbxFeed, QueueThresholdsSource } from './ports';

export { LiveActionsService } from './live-actions.service';
export { LiveGateway, actorFrom } from './live.socket';
export { liveRoutes } from './live.routes';
export { ScopedView, scopeSnapshot, scopeCall, REDACTED_PARTY } from './scope-filter';
export { ChangeCoalescer } from './change-coalescer';
export type { AmiActions, AuditLog, PanelActor, PbxFeed, QueueThresholdsSource } from './ports';

export interface LivePanelDeps {
  io: OnDeckIo;
  pbx: PbxFeed;
  ami: AmiActions;
  audit: AuditLog;
  users: { findById(id: number): Promise<User | null> };
  events: AccountEvents;
  pauseReasons: () => readonly string[];
  queueThresholds?: QueueThresholdsSource;
  logger: Logger;
  timers?: CoalescerTimers;
  flushIntervalMs?: number;
}

export interface LivePanel {
  gateway: LiveGateway;
  actions: LiveActionsService;
  routes: ReturnType<typeof liveRoutes>;
  close(): void;
}

/** Wires the live panel: actions service, Socket.IO gateway and REST routes. */
export function createLivePanel(deps: LivePanelDeps): LivePanel {
  const actions = new LiveActionsService({ pbx: deps.pbx, ami: deps.ami, audit: deps.audit, pauseReasons: deps.pauseReasons, logger: deps.logger });
  const gateway = new LiveGateway({ ...deps, actions });
  return { gateway, actions, routes: liveRoutes(deps.pbx), close: () => gateway.close() };
}
