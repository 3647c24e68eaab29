import { EventEmitter } from 'node:events';
import pino, { type Logger } from 'pino';
import type { PbxLinkState, PbxStatus } from '@ondeck/shared';
import { AmiClient, type AmiActionOptions, type AmiClientOptions, type AmiFields, type AmiListResult } from './ami-client';
import type { AmiMessage } from './codec';
import { AmiActionError, AmiAuthError, AmiDisconnectedError, AmiTimeoutError } from './errors';
import { systemTimers, type AmiTimers } from './timers';

export interface AmiConnectionOptions extends AmiClientOptions {
  /** A Ping is sent this long after the previous answer. */
  keepAliveIntervalMs?: number;
  /** No answer to a Ping within this: the peer is gone (or hung); drop and reconnect. */
  keepAliveTimeoutMs?: number;
  /** Backoff after a lost or refused connection: full jitter over initial * 2^n, capped. */
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
 * The AMI link as a service: one AmiClient, kept logged in forever. Keep-alive Pings
 * with a deadline catch a silent peer; lost links come back with capped exponential
 * backoff and full jitter; refused logins are retried slowly and shown as auth_failed.
 */
export class AmiConnection extends EventEmitter<AmiConnectionEvents> {
  private readonly client: AmiClient;
  private readonly timers: AmiTimers;
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
    this.keepAliveIntervalMs = options.keepAliveIntervalMs ?? 15_000;
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 5_000;
    this.reconnectInitialMs = options.reconnectInitialMs ?? 500;
    this.reconnectMaxMs = options.reconnectMaxMs ?? 30_000;
    this.authRetryMs = options.authRetryMs ?? 60_000;
    this.client = new AmiClient({ ...options, timers: this.timers, logger: this.log });
    this.client.on('login', (banner) => this.onLogin(banner));
    this.client.on('event', (message) => this.emitSafely('event', message));
    this.client.on('close', (reason) => this.onClose(reason));
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

  /** Full jitter: uniform in [0, min(max, initial * 2^failures)). */
  private backoffMs(failures: number): number {
    const ceiling = Math.min(this.reconnectMaxMs, this.reconnectInitialMs * 2 ** Math.min(failures, 30));
    return this.random() * ceiling;
  }

  private scheduleKeepAlive(session: number): void {
    this.keepAliveTimer = this.timers.setTimeout(() => this.ping(session), this.keepAliveIntervalMs);
  }

  private ping(session: number): void {
    if (session !== this.session || this.client.state !== 'ready') return;
    this.client.action({ Action: 'Ping' }, { timeoutMs: this.keepAliveTimeoutMs }).then(
      () => this.scheduleKeepAlive(session),
      (error: unknown) => {
        if (session !== this.session) return;
        if (error instanceof AmiActionError) {
          // An answer, even an error, proves the peer is alive.
          this.scheduleKeepAlive(session);
        } else if (error instanceof AmiTimeoutError) {
          this.log.warn({ timeoutMs: this.keepAliveTimeoutMs }, 'AMI keep-alive Ping unanswered; dropping the link');
          this.client.close(new AmiTimeoutError('keep-alive Ping', this.keepAliveTimeoutMs));
        }
      },
    );
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
