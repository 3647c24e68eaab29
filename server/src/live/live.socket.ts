import { z } from 'zod';
import {
  dialRequestSchema,
  hangupRequestSchema,
  queueMemberRequestSchema,
  queuePauseRequestSchema,
  redirectRequestSchema,
  spyRequestSchema,
  spyStopRequestSchema,
  spySwitchRequestSchema,
  type ModelChange,
  type PanelActionResult,
  type QueueThresholdMap,
} from '@ondeck/shared';
import { actorOf, type Actor } from '../lib/actor';
import { scopeIncludesQueue } from '../lib/scope';
import { AppError } from '../lib/app-error';
import { runDetached } from '../lib/detached';
import type { Logger } from '../logging';
import { withAck, type OnDeckIo, type OnDeckSocket } from '../realtime';
import type { AccountEvents, User } from '../users';
import { systemTimers, type Timers } from '../lib/clock';
import { ChangeCoalescer } from './change-coalescer';
import { ActionRateLimiter, DEFAULT_ACTION_LIMITS, type BucketRule } from './action-rate-limit';
import type { LiveActionsService } from './live-actions.service';
import type { PbxFeed, QueueThresholdsSource } from './ports';
import { ScopedView } from './scope-filter';

export interface LiveGatewayDeps {
  io: OnDeckIo;
  pbx: PbxFeed;
  users: { findById(id: number): Promise<User | null> };
  events: AccountEvents;
  pauseReasons: () => readonly string[];
  /** Per-queue alert thresholds; absent means every queue uses the defaults. */
  queueThresholds?: QueueThresholdsSource;
  actions: LiveActionsService;
  logger: Logger;
  timers?: Timers;
  flushIntervalMs?: number;
  /** Panel action limits per socket and per user (defaults: DEFAULT_ACTION_LIMITS). */
  actionLimits?: { socket: BucketRule; user: BucketRule };
}

type PanelActionEvent =
  | 'panel:spy'
  | 'panel:spy-switch'
  | 'panel:spy-stop'
  | 'panel:hangup'
  | 'panel:redirect'
  | 'panel:dial'
  | 'panel:queue-add'
  | 'panel:queue-remove'
  | 'panel:queue-pause'
  | 'panel:queue-unpause';

/** Everything the gateway keeps for one open socket. */
interface PanelSocket {
  socket: OnDeckSocket;
  actor: Actor;
  view: ScopedView;
  coalescer: ChangeCoalescer;
  seq: number;
}

/** `panel:resync` carries nothing; tolerate clients that send undefined or null. */
const emptyPayload = z.object({}).strict().or(z.undefined()).or(z.null());

/**
 * The live panel over Socket.IO. Each socket gets its own scoped snapshot, then coalesced
 * deltas, every message numbered by a per-socket `seq`. Model data reaches a socket only
 * through `ScopedView` (see scope-filter.ts); nothing here emits unfiltered model data.
 */
export class LiveGateway {
  private readonly sockets = new Map<string, PanelSocket>();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeThresholds: () => void;
  private readonly onUserChanged = (userId: number): void =>
    runDetached(this.deps.logger, `re-scoping the live panel of user ${userId}`, () => this.rescope(userId));
  private readonly onConnection = (socket: OnDeckSocket): void => this.connect(socket);
  private readonly limiter: ActionRateLimiter;

  constructor(private readonly deps: LiveGatewayDeps) {
    this.limiter = new ActionRateLimiter(deps.actionLimits ?? DEFAULT_ACTION_LIMITS, deps.timers ?? systemTimers);
    this.unsubscribe = deps.pbx.subscribe((change) => this.fanOut(change));
    this.unsubscribeThresholds = deps.queueThresholds?.subscribe(() => this.sendThresholdsToAll()) ?? (() => undefined);
    deps.events.on('userChanged', this.onUserChanged);
    deps.io.on('connection', this.onConnection);
  }

  close(): void {
    this.unsubscribe();
    this.unsubscribeThresholds();
    this.deps.events.off('userChanged', this.onUserChanged);
    this.deps.io.off('connection', this.onConnection);
    for (const entry of this.sockets.values()) entry.coalescer.close();
    this.sockets.clear();
  }

  /** Sends every socket's buffered changes now (tests, shutdown). */
  flushAll(): void {
    for (const entry of this.sockets.values()) entry.coalescer.flushNow();
  }

  private connect(socket: OnDeckSocket): void {
    const { actions, logger } = this.deps;
    // Handlers are registered at once so nothing the client sends early is lost.
    socket.on(
      'panel:resync',
      withAck(emptyPayload, logger, () => {
        const entry = this.entryOf(socket);
        // A snapshot is the costliest thing a socket can ask for: same limits as actions.
        const allowed = this.limiter.take(socket.id, entry.actor.id);
        if (!allowed.ok) throw new AppError('rate_limited', 'Too many refreshes at once. Wait a moment.', { retryAfter: allowed.retryAfter });
        return { seq: this.sendSnapshot(entry) };
      }),
    );
    this.handle(socket, 'panel:spy', spyRequestSchema, (actor, p) => actions.spy(actor, p));
    this.handle(socket, 'panel:spy-switch', spySwitchRequestSchema, (actor, p) => actions.spySwitch(actor, p));
    this.handle(socket, 'panel:spy-stop', spyStopRequestSchema, (actor) => actions.spyStop(actor));
    this.handle(socket, 'panel:hangup', hangupRequestSchema, (actor, p) => actions.hangup(actor, p));
    this.handle(socket, 'panel:redirect', redirectRequestSchema, (actor, p) => actions.redirect(actor, p));
    this.handle(socket, 'panel:dial', dialRequestSchema, (actor, p) => actions.dial(actor, p));
    this.handle(socket, 'panel:queue-add', queueMemberRequestSchema, (actor, p) => actions.queueAdd(actor, p));
    this.handle(socket, 'panel:queue-remove', queueMemberRequestSchema, (actor, p) => actions.queueRemove(actor, p));
    this.handle(socket, 'panel:queue-pause', queuePauseRequestSchema, (actor, p) => actions.queuePause(actor, p));
    this.handle(socket, 'panel:queue-unpause', queueMemberRequestSchema, (actor, p) => actions.queueUnpause(actor, p));
    socket.on('disconnect', () => {
      this.sockets.get(socket.id)?.coalescer.close();
      this.sockets.delete(socket.id);
      this.limiter.forgetSocket(socket.id);
    });

    runDetached(logger, `loading the live panel of user ${socket.data.userId}`, async () => {
      const user = await this.deps.users.findById(socket.data.userId);
      if (!user || user.disabled || !socket.connected) return;
      const actor = actorOf(user, socket.handshake.address);
      const entry: PanelSocket = {
        socket,
        actor,
        view: new ScopedView(actor.scope),
        coalescer: new ChangeCoalescer(
          (changes) => this.sendDelta(entry, changes),
          this.deps.timers ?? systemTimers,
          this.deps.flushIntervalMs,
        ),
        seq: 0,
      };
      this.sockets.set(socket.id, entry);
      this.sendSnapshot(entry);
    });
  }

  private handle<S extends z.ZodType>(
    socket: OnDeckSocket,
    event: PanelActionEvent,
    schema: S,
    run: (actor: Actor, payload: z.output<S>) => Promise<PanelActionResult>,
  ): void {
    socket.on(
      event,
      withAck(schema, this.deps.logger, async (payload) => {
        const { actor } = this.entryOf(socket);
        const allowed = this.limiter.take(socket.id, actor.id);
        if (!allowed.ok) {
          await this.deps.actions.rateLimited(actor, event.slice('panel:'.length));
          throw new AppError('rate_limited', 'Too many actions at once. Wait a moment and try again.', { retryAfter: allowed.retryAfter });
        }
        return run(actor, payload);
      }),
    );
  }

  private entryOf(socket: OnDeckSocket): PanelSocket {
    const entry = this.sockets.get(socket.id);
    if (!entry) throw new AppError('conflict', 'The live panel is still loading. Try again in a moment.');
    return entry;
  }

  /**
   * Every socket on its own: a socket that throws (a broken view, a failing emit) is logged and
   * sent a fresh snapshot, and the sockets after it still get the change.
   */
  private fanOut(change: ModelChange): void {
    for (const entry of this.sockets.values()) {
      try {
        const scoped = entry.view.apply(change);
        if (scoped) entry.coalescer.push(scoped);
      } catch (error) {
        this.recover(entry, error, `${change.kind} ${change.op} ${change.id}`);
      }
    }
  }

  private recover(entry: PanelSocket, error: unknown, what: string): void {
    const { logger } = this.deps;
    logger.error({ err: error, userId: entry.actor.id, socketId: entry.socket.id }, `live panel socket failed on ${what}; sending it a fresh snapshot`);
    try {
      this.sendSnapshot(entry);
    } catch (snapshotError) {
      logger.error({ err: snapshotError, userId: entry.actor.id, socketId: entry.socket.id }, 'live panel socket could not be resynced; disconnecting it');
      entry.coalescer.close();
      this.sockets.delete(entry.socket.id);
      entry.socket.disconnect(true);
    }
  }

  /** A fresh snapshot replaces whatever was buffered; returns its seq. */
  private sendSnapshot(entry: PanelSocket): number {
    entry.coalescer.discard();
    const snapshot = entry.view.snapshot(this.deps.pbx.snapshot(), entry.actor.scope);
    entry.seq += 1;
    entry.socket.emit('panel:snapshot', {
      seq: entry.seq,
      snapshot,
      pauseReasons: [...this.deps.pauseReasons()],
      queueThresholds: this.thresholdsFor(entry),
    });
    return entry.seq;
  }

  /** The customised thresholds of the queues this socket may see; other queue names never leave. */
  private thresholdsFor(entry: PanelSocket): QueueThresholdMap {
    const all = this.deps.queueThresholds?.current() ?? {};
    return Object.fromEntries(Object.entries(all).filter(([queue]) => scopeIncludesQueue(entry.actor.scope, queue)));
  }

  /** An admin changed thresholds: every open panel gets its scoped map at once. */
  private sendThresholdsToAll(): void {
    for (const entry of this.sockets.values()) {
      try {
        entry.socket.emit('panel:thresholds', { queueThresholds: this.thresholdsFor(entry) });
      } catch (error) {
        this.recover(entry, error, 'queue thresholds');
      }
    }
  }

  private sendDelta(entry: PanelSocket, changes: ModelChange[]): void {
    try {
      entry.seq += 1;
      entry.socket.emit('panel:delta', { seq: entry.seq, changes });
    } catch (error) {
      this.recover(entry, error, 'a delta');
    }
  }

  /** Role, scope or extension changed: new actor and a fresh snapshot on every open socket. */
  private async rescope(userId: number): Promise<void> {
    const entries = [...this.sockets.values()].filter((e) => e.actor.id === userId);
    if (entries.length === 0) return;
    const user = await this.deps.users.findById(userId);
    for (const entry of entries) {
      if (!user || user.disabled) {
        entry.coalescer.close();
        this.sockets.delete(entry.socket.id);
        continue;
      }
      entry.actor = actorOf(user, entry.actor.ip);
      this.sendSnapshot(entry);
    }
  }
}
