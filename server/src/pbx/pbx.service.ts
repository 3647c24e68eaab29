/**
 * Keeps the PBX model in step with one AMI link: live events go into the model, and after
 * every (re)login the whole state is rebuilt from the list actions. Events that arrive while
 * the lists are being read are held back and applied afterwards, so nothing is lost or
 * applied to a state that is about to be replaced. While the link is down the model keeps
 * its last state and says it is stale.
 */
import type { CallView, ExtensionView, PbxSnapshot, PbxStatus, QueueView } from '@ondeck/shared';
import { runDetached } from '../lib/detached';
import type { AmiMessage } from './ami/codec';
import { systemTimers, type Timers } from '../lib/clock';
import { PbxModel } from './model';
import type { ModelListener, PbxModelOptions } from './model';

/**
 * What the service needs from an AMI link. Both AMI layers in ./ami fit as they are:
 * `AmiConnection` (reconnects forever; `connected` after each login, `status` when it drops)
 * and a bare `AmiClient` (`login`, `close`). Either way the login signal comes before the
 * events that arrived with it, so a resync starts before they are seen.
 */
export type PbxAmiLink = AmiConnectionLink | AmiClientLink;

export interface AmiConnectionLink {
  on(event: 'connected', listener: () => void): unknown;
  on(event: 'event', listener: (message: AmiMessage) => void): unknown;
  on(event: 'status', listener: (status: PbxStatus) => void): unknown;
  listAction(fields: Record<string, string>): Promise<{ items: AmiMessage[] }>;
}

export interface AmiClientLink {
  on(event: 'login', listener: () => void): unknown;
  on(event: 'event', listener: (message: AmiMessage) => void): unknown;
  on(event: 'close', listener: (reason: Error) => void): unknown;
  listAction(fields: Record<string, string>): Promise<{ items: AmiMessage[] }>;
}

/** Both link kinds are event emitters; each only ever emits its own names. */
interface LooseEmitter {
  on(event: string, listener: (arg: never) => void): unknown;
}

export interface PbxServiceLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const SILENT: PbxServiceLogger = { warn: () => undefined, error: () => undefined };

export interface PbxServiceOptions extends PbxModelOptions {
  logger?: PbxServiceLogger;
  /** Live events held back during one resync at most; beyond it the oldest are dropped and a new resync follows. */
  maxBufferedEvents?: number;
  /**
   * After a queue call ends (AgentComplete, QueueCallerAbandon, QueueCallerLeave, AgentConnect)
   * the queue's figures are read again this much later, at most once per period per queue.
   */
  queueRefreshDelayMs?: number;
  /**
   * A channel answered and alone this long after Newstate Up / BridgeLeave is asked about with
   * AMI Status (what application it runs: voicemail, IVR, ...). Long enough for a Dial or
   * Queue to start first, so ordinary calls are not asked about.
   */
  applicationProbeDelayMs?: number;
  timers?: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
}

/**
 * Events after which app_queue has new figures for the queue: hold time at connect, talk time,
 * completed and service level at completion, abandoned and service level 2 at abandon. None of
 * them carries the figures, so the queue's QueueStatus is read again.
 */
const QUEUE_FIGURE_EVENTS = new Set(['agentconnect', 'agentcomplete', 'queuecallerabandon', 'queuecallerleave']);

/** The list actions a resync reads; a failure of a required one leaves the model stale. */
export const RESYNC_ACTIONS: ReadonlyArray<{ action: string; required: boolean }> = [
  { action: 'CoreShowChannels', required: true },
  { action: 'QueueStatus', required: true },
  { action: 'DeviceStateList', required: true },
  { action: 'ExtensionStateList', required: false },
  { action: 'PJSIPShowEndpoints', required: false },
];

export class PbxService {
  readonly model: PbxModel;
  private readonly logger: PbxServiceLogger;
  private readonly maxBuffered: number;
  /** Bumped on every login and close, so a resync that lost its connection is thrown away. */
  private generation = 0;
  private buffer: AmiMessage[] | undefined;
  private overflowed = false;
  private readonly queueRefreshDelayMs: number;
  private readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  private readonly applicationProbeDelayMs: number;
  /** Channel name -> pending Status probe; at most one per channel. */
  private readonly applicationProbes = new Map<string, unknown>();
  /** Queue name -> pending refresh timer; at most one per queue. */
  private readonly queueRefreshes = new Map<string, unknown>();

  constructor(
    private readonly link: PbxAmiLink,
    options: PbxServiceOptions = {},
  ) {
    this.logger = options.logger ?? SILENT;
    this.model = new PbxModel({ ...options, logger: this.logger });
    this.maxBuffered = options.maxBufferedEvents ?? 50_000;
    this.queueRefreshDelayMs = options.queueRefreshDelayMs ?? 1_000;
    this.applicationProbeDelayMs = options.applicationProbeDelayMs ?? 1_000;
    this.timers = options.timers ?? systemTimers;
    const emitter = link as unknown as LooseEmitter;
    emitter.on('connected', () => this.resyncDetached());
    emitter.on('login', () => this.resyncDetached());
    emitter.on('event', (message: AmiMessage) => this.onEvent(message));
    emitter.on('status', (status: PbxStatus) => {
      if (status.state !== 'connected') this.onDisconnected();
    });
    emitter.on('close', () => this.onDisconnected());
  }

  get stale(): boolean {
    return this.model.stale;
  }

  subscribe(listener: ModelListener): () => void {
    return this.model.subscribe(listener);
  }

  extensions(): ExtensionView[] {
    return this.model.extensions();
  }

  calls(): CallView[] {
    return this.model.calls();
  }

  queues(): QueueView[] {
    return this.model.queues();
  }

  snapshot(): PbxSnapshot {
    return this.model.snapshot();
  }

  /**
   * A resync nobody awaits (login, overflow, model failure). If it fails anyway (a model bug),
   * the failure is logged, the held-back events are applied and the data stays marked stale.
   */
  private resyncDetached(): void {
    runDetached(this.logger, 'PBX resync', () => this.resync(), () => this.drainBuffer());
  }

  /** Runs on every login; resolves when the model is current again (or the attempt was given up). */
  async resync(): Promise<void> {
    const generation = ++this.generation;
    this.buffer = [];
    this.overflowed = false;
    const events: AmiMessage[] = [];
    for (const { action, required } of RESYNC_ACTIONS) {
      try {
        const result = await this.link.listAction({ Action: action });
        events.push(...result.items);
      } catch (error) {
        if (generation !== this.generation) return;
        this.logger.warn({ action, err: error }, 'PBX resync list action failed');
        if (required) {
          // Keep the last state (marked stale) rather than replace it with a partial picture.
          this.drainBuffer();
          return;
        }
      }
      if (generation !== this.generation) return;
    }
    this.model.resync(events);
    const overflowed = this.overflowed;
    this.drainBuffer();
    this.model.setStale(false);
    if (overflowed) await this.resync();
  }

  private onEvent(message: AmiMessage): void {
    this.noteQueueFigures(message);
    this.noteLoneChannel(message);
    if (!this.buffer) {
      this.applySafely(message);
      return;
    }
    if (this.buffer.length >= this.maxBuffered) {
      this.buffer.shift();
      this.overflowed = true;
    }
    this.buffer.push(message);
  }

  /** Schedules one QueueStatus for the queue an event changed the figures of (throttled per queue). */
  private noteQueueFigures(message: AmiMessage): void {
    if (!QUEUE_FIGURE_EVENTS.has(message.event?.toLowerCase() ?? '')) return;
    const queue = message.get('Queue')?.trim();
    if (queue === undefined || queue === '' || this.queueRefreshes.has(queue) || this.queueRefreshes.size >= 1_000) return;
    const timer = this.timers.setTimeout(() => {
      this.queueRefreshes.delete(queue);
      const generation = this.generation;
      runDetached(this.logger, `refresh of queue ${queue}`, () => this.refreshQueue(queue, generation));
    }, this.queueRefreshDelayMs);
    this.queueRefreshes.set(queue, timer);
  }

  /** After a channel is answered or leaves a bridge, ask once whether it now talks to an application. */
  private noteLoneChannel(message: AmiMessage): void {
    const event = message.event?.toLowerCase();
    const answered = event === 'newstate' && message.get('ChannelState')?.trim() === '6';
    if (!answered && event !== 'bridgeleave') return;
    const channel = message.get('Channel')?.trim();
    if (channel === undefined || channel === '' || channel.startsWith('Local/') || this.applicationProbes.has(channel)) return;
    if (this.applicationProbes.size >= 1_000) return;
    const timer = this.timers.setTimeout(() => {
      this.applicationProbes.delete(channel);
      if (this.buffer || !this.model.wantsApplication(channel)) return;
      const generation = this.generation;
      runDetached(this.logger, `application probe of ${channel}`, async () => {
        let items: AmiMessage[];
        try {
          ({ items } = await this.link.listAction({ Action: 'Status', Channel: channel }));
        } catch (error) {
          // Gone meanwhile (Asterisk answers "No such channel") or the link dropped: nothing to show.
          this.logger.warn({ channel, err: error }, 'could not ask which application a channel runs');
          return;
        }
        if (generation !== this.generation || this.buffer) return;
        this.model.refreshChannels(items.filter((item) => item.get('Channel')?.trim() === channel));
      });
    }, this.applicationProbeDelayMs);
    this.applicationProbes.set(channel, timer);
  }

  private async refreshQueue(queue: string, generation: number): Promise<void> {
    let items: AmiMessage[];
    try {
      ({ items } = await this.link.listAction({ Action: 'QueueStatus', Queue: queue }));
    } catch (error) {
      // The next queue call tries again; a resync after a reconnect reads every queue anyway.
      this.logger.warn({ queue, err: error }, 'queue figures could not be refreshed');
      return;
    }
    // A resync in progress or a new connection replaces this answer anyway.
    if (generation !== this.generation || this.buffer) return;
    this.model.refreshQueue(items.filter((item) => item.get('Queue')?.trim() === queue));
  }

  private onDisconnected(): void {
    for (const timer of [...this.queueRefreshes.values(), ...this.applicationProbes.values()]) this.timers.clearTimeout(timer);
    this.queueRefreshes.clear();
    this.applicationProbes.clear();
    this.generation += 1;
    this.drainBuffer();
    this.model.setStale(true);
  }

  private drainBuffer(): void {
    const buffered = this.buffer ?? [];
    this.buffer = undefined;
    for (const message of buffered) this.applySafely(message);
  }

  /**
   * The model guards every field and is fuzzed, but a bug there must neither break the AMI
   * connection's event loop nor leave a half-applied state: log it and rebuild from the lists.
   */
  private applySafely(message: AmiMessage): void {
    try {
      this.model.apply(message);
    } catch (error) {
      this.logger.warn({ err: error, event: message.event }, 'PBX model failed on an event; resyncing');
      if (!this.buffer) this.resyncDetached();
    }
  }
}
