import { EventEmitter } from 'node:events';
import pino, { type Logger } from 'pino';
import type { PbxLinkState, PbxStatus } from '@ondeck/shared';
import { AmiClient, type AmiActionOptions, type AmiClientOptions, type AmiFields, type AmiListResult } from './ami-client';
import type { AmiMessage } from './codec';
import { AmiAuthError, AmiDisconnectedError, AmiTimeoutError } from './errors';
import { systemTimers, type Timers } from '../../lib/clock';

export interface AmiConnectionOptions extends AmiClientOptions {
  /**
   * A Ping is sent when nothing at all arrived for this long. A busy PBX proves itself alive
   * with its events; an idle one is asked every few seconds, so a stalled link (socket open,
   * no bytes) is noticed within interval + timeout, not after the next TCP timeout.
   */
  keepAliveIntervalMs?: number;
  /** Not a single byte (Pong or anything else) within this after the Ping: the link is stalled; drop and reconnect. */
  keepAliveTimeoutMs?: number;
  /**
   * Backoff after a lost or refused connection: initial * 2^n capped at max, with jitter over
   * the upper half of that (never 0, never longer than the step). The cap is small: a PBX that
   * comes back is found within seconds, and a refused loopback connect costs nothing.
   */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** Wrong credentials will not fix themselves quickly; retry slowly and do not spam auth logs. */
  authRetryMs?: number;
  /** Source of jitter in [0, 1). */
  random?: () => number;
}

export interface AmiConnectionEvents {
  /** Every status change. */
  status: [status: PbxStatus];
  /** After each successful login, before the events that came with it: resync here. */
  connected: [banner: string | null];
  event: [message: AmiMessage];
}

/**
 * Moves allowed between link states; anything else is a bug and throws.
 *
 * ```text
 *  disabled ──start()──▶ connecting ──login ok──▶ connected
 *                           │                        │ socket lost, Ping unanswered
 *                           ├──login refused──▶ auth_failed ──retry (slow)──┐
 *                           └──lost/refused───▶ reconnecting ──retry (backoff)──┤
 *                                                                            ▼
 *                                             login ok ──▶ connected, refused ──▶ auth_failed
 *  any state ──stop()──▶ disabled
 * ```
 */
const TRANSITIONS: Record<PbxLinkState, readonly PbxLinkState[]> = {
  disabled: ['connecting'],
  connecting: ['connected', 'reconnecting', 'auth_failed', 'disabled'],
  connected: ['reconnecting', 'disabled'],
  reconnecting: ['connected', 'auth_failed', 'disabled'],
  auth_failed: ['connected', 'reconnecting', 'disabled'],
};

/**
 * The AMI link as a service: one AmiClient, kept logged in forever. A quiet link is pinged
 * and dropped when not a byte comes back, so a stalled peer shows as down (and the data as
 * stale) within seconds; lost links come back with fast, then capped exponential, jittered
 * retries; refused logins are retried slowly and shown as auth_failed.
 */
export class AmiConnection extends EventEmitter<AmiConnectionEvents> {
  private readonly client: AmiClient;
  private readonly timers: Timers;
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly keepAliveIntervalMs: number;
  private readonly keepAliveTimeoutMs: number;
  private readonly reconnectInitialMs: number;
  private readonly reconnectMaxMs: number;
  private readonly authRetryMs: number;
  private running = false;
  private failures = 0;
  private retryTimer: unknown;
  private keepAliveTimer: unknown;
  /** Bumped on every login so a Ping of an older session cannot act on the new one. */
  private session = 0;
  private current: PbxStatus = { state: 'disabled', since: null, lastError: null, banner: null };

  constructor(options: AmiConnectionOptions) {
    super();
    this.timers = options.timers ?? systemTimers;
    this.log = options.logger ?? pino({ level: 'silent' });
    this.random = options.random ?? Math.random;
    this.keepAliveIntervalMs = options.keepAliveIntervalMs ?? 3_000;
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 2_000;
    this.reconnectInitialMs = options.reconnectInitialMs ?? 250;
    this.reconnectMaxMs = options.reconnectMaxMs ?? 5_000;
    this.authRetryMs = options.authRetryMs ?? 60_000;
    this.client = new AmiClient({ ...options, timers: this.timers, logger: this.log });
    this.client.on('login', (banner) => this.onLogin(banner));
    this.client.on('event', (message) => this.emitSafely('event', message));
    this.client.on('close', (reason) => this.onClose(reason));
  }

  /** When the link last received a byte and how many reads it has made (health checks, tests). */
  get activity(): { lastReceivedAt: number; reads: number } {
    return this.client.activity;
  }

  /** A copy of the current link status. */
  get status(): PbxStatus {
    return { ...this.current };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    this.transition('connecting', null);
    this.attempt();
  }

  /**
   * Logs off politely when connected and closes at once; no reconnect until start().
   * Synchronous underneath (the Logoff is flushed by the client), so a start() right
   * after cannot race the old socket. Async only for callers that await shutdown steps.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopKeepAlive();
    this.client.close(new AmiDisconnectedError('AMI link stopped'), { logoff: true });
    this.transition('disabled', null);
  }

  action(fields: AmiFields, options?: AmiActionOptions): Promise<AmiMessage> {
    return this.client.action(fields, options);
  }

  listAction(fields: AmiFields, options?: AmiActionOptions): Promise<AmiListResult> {
    return this.client.listAction(fields, options);
  }

  private attempt(): void {
    this.retryTimer = undefined;
    if (!this.running) return;
    // Failures arrive through the client's 'close' event; the rejection is handled there.
    this.client.connect().catch(() => undefined);
  }

  private onLogin(banner: string | null): void {
    this.failures = 0;
    this.session++;
    this.current.banner = banner;
    this.transition('connected', null);
    this.scheduleKeepAlive(this.session);
    this.emitSafely('connected', banner);
  }

  private onClose(reason: Error): void {
    this.stopKeepAlive();
    if (!this.running) return;
    let delayMs: number;
    if (reason instanceof AmiAuthError) {
      this.transition('auth_failed', reason.message);
      delayMs = this.authRetryMs;
    } else {
      this.transition('reconnecting', reason.message);
      delayMs = this.backoffMs(this.failures++);
    }
    this.log.warn({ state: this.current.state, reason: reason.message, retryInMs: Math.round(delayMs) }, 'AMI link down');
    this.retryTimer = this.timers.setTimeout(() => this.attempt(), delayMs);
  }

  /** Upper-half jitter: uniform in [step / 2, step), step = min(max, initial * 2^failures). */
  private backoffMs(failures: number): number {
    const step = Math.min(this.reconnectMaxMs, this.reconnectInitialMs * 2 ** Math.min(failures, 30));
    return step / 2 + (this.random() * step) / 2;
  }

  /** Waits until the link has been quiet for the keep-alive interval (any byte restarts the wait). */
  private scheduleKeepAlive(session: number): void {
    const quietFor = this.timers.now() - this.client.activity.lastReceivedAt;
    const wait = Math.min(this.keepAliveIntervalMs, Math.max(0, this.keepAliveIntervalMs - quietFor));
    this.keepAliveTimer = this.timers.setTimeout(() => this.checkQuiet(session), wait);
  }

  private checkQuiet(session: number): void {
    if (session !== this.session || this.client.state !== 'ready') return;
    if (this.timers.now() - this.client.activity.lastReceivedAt < this.keepAliveIntervalMs) {
      this.scheduleKeepAlive(session);
      return;
    }
    const readsBefore = this.client.activity.reads;
    // The answer itself does not matter (an error proves life too); any byte at all does.
    this.client.action({ Action: 'Ping' }, { timeoutMs: this.keepAliveTimeoutMs }).catch(() => undefined);
    this.keepAliveTimer = this.timers.setTimeout(() => {
      if (session !== this.session || this.client.state !== 'ready') return;
      if (this.client.activity.reads !== readsBefore) {
        this.scheduleKeepAlive(session);
        return;
      }
      const silentMs = this.timers.now() - this.client.activity.lastReceivedAt;
      this.log.warn({ silentMs, timeoutMs: this.keepAliveTimeoutMs }, 'AMI link stalled: nothing received, not even the keep-alive Pong; reconnecting');
      this.client.close(new AmiTimeoutError('keep-alive Ping', this.keepAliveTimeoutMs));
    }, this.keepAliveTimeoutMs);
  }

  private stopKeepAlive(): void {
    this.timers.clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  /** A throwing listener is logged; it must not stop keep-alive or the reconnect loop. */
  private emitSafely<K extends keyof AmiConnectionEvents>(name: K, ...args: AmiConnectionEvents[K]): void {
    try {
      (this.emit as (event: K, ...rest: AmiConnectionEvents[K]) => boolean)(name, ...args);
    } catch (error) {
      this.log.error({ err: error, listenerOf: name }, 'AMI connection listener threw');
    }
  }

  /** The one place state changes; `since` marks when the link went down. */
  private transition(to: PbxLinkState, lastError: string | null): void {
    const from = this.current.state;
    if (from !== to && !TRANSITIONS[from].includes(to)) {
      throw new Error(`Illegal AMI link transition ${from} -> ${to}`);
    }
    const wasUp = from === 'connected';
    const isUp = to === 'connected';
    let since = this.current.since;
    if (to === 'disabled' || isUp) since = null;
    else if (wasUp || from === 'disabled' || since === null) since = new Date(this.timers.now()).toISOString();
    this.current = {
      state: to,
      since,
      lastError: isUp || to === 'disabled' ? null : (lastError ?? this.current.lastError),
      banner: this.current.banner,
    };
    this.log.info({ from, to, lastError: this.current.lastError }, 'AMI link state');
    this.emitSafely('status', this.status);
  }
}
