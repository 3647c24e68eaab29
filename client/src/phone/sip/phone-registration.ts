import { Registerer, RegistererState, RequestPendingError } from 'sip.js';
import type { UserAgent } from 'sip.js';
import { backoffDelayMs, DEFAULT_BACKOFF, raceTimeout, type BackoffOptions } from './backoff';
import { RegistrationMachine, RegistrationState, type RegistrationFailure } from '../state/registration-state';

export interface RegistrationSnapshot {
  state: RegistrationState;
  failure: RegistrationFailure | null;
  /** Epoch ms of the next automatic retry, when one is planned. */
  nextRetryAt: number | null;
}

/** Upper bound for unregistering on stop: a dead PBX must not block logout. */
const UNREGISTER_TIMEOUT_MS = 2000;

/**
 * Retry delay while a call waits for the connection: every one to two seconds, whatever the
 * backoff has grown to, so a call survives an outage up to its whole recovery window.
 */
export const URGENT_RETRY: BackoffOptions = { baseMs: 1000, capMs: 1000, jitter: 0 };
const URGENT_RETRY_SPREAD_MS = 1000;

function failureFor(code: number, server: string): RegistrationFailure {
  if (code === 401 || code === 403 || code === 407) {
    return { reason: 'auth', statusCode: code, message: `The PBX refused the extension password (${code})` };
  }
  if (code === 408) return { reason: 'unreachable', statusCode: code, message: `The PBX at ${server} did not answer` };
  return { reason: 'rejected', statusCode: code, message: `The PBX refused the registration (${code})` };
}

/**
 * Keeps one extension registered: REGISTER after every transport connect, capped backoff
 * after transport loss or refusals, and no retry on wrong credentials (that would only
 * lock the extension out through fail2ban).
 */
export class PhoneRegistration {
  readonly machine = new RegistrationMachine();
  readonly #registerer: Registerer;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #nextRetryAt: number | null = null;
  #stopping = false;
  #urgent = false;

  constructor(
    private readonly ua: UserAgent,
    private readonly server: string,
    expires: number,
    private readonly onChange: () => void,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
    private readonly urgentRetry: BackoffOptions = URGENT_RETRY,
  ) {
    this.#registerer = new Registerer(ua, { expires });
    this.#registerer.stateChange.addListener((state) => {
      // A refresh the registrar refused: SIP.js drops to Unregistered on its own.
      if (state === RegistererState.Unregistered && !this.#stopping && this.machine.state === RegistrationState.Registered) {
        this.#move(RegistrationState.Failed, { reason: 'rejected', message: 'The registration refresh failed' });
        this.#scheduleRetry();
      }
    });
  }

  snapshot(): RegistrationSnapshot {
    return { state: this.machine.state, failure: this.machine.failure, nextRetryAt: this.#nextRetryAt };
  }

  /** Connects and registers; the outcome arrives as state changes. */
  async start(): Promise<void> {
    this.#stopping = false;
    this.#move(RegistrationState.Registering);
    try {
      await this.ua.start();
    } catch {
      this.#connectFailed();
    }
  }

  /** UserAgent delegate: the WebSocket is (again) open. */
  onConnect(): void {
    if (this.#stopping) return;
    if (this.machine.state !== RegistrationState.Registering) this.#move(RegistrationState.Registering);
    this.#register();
  }

  /** UserAgent delegate: `error` is set when the server or network dropped the WebSocket. */
  onDisconnect(error?: Error): void {
    if (this.#stopping || !error) return;
    const state = this.machine.state;
    if (state === RegistrationState.Registered || state === RegistrationState.Registering) {
      this.#move(RegistrationState.Reconnecting);
      this.#scheduleRetry();
    }
  }

  /**
   * While a call waits for the connection (true), retries come every second or two instead of
   * the grown backoff; a retry already planned for later is brought forward.
   */
  setUrgent(urgent: boolean): void {
    this.#urgent = urgent;
    if (!urgent || this.#timer === undefined || this.#nextRetryAt === null) return;
    if (this.#nextRetryAt - Date.now() > this.#urgentDelayMs()) this.#planRetry(this.#urgentDelayMs());
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#clearTimer();
    if (this.#registerer.state === RegistererState.Registered && this.ua.isConnected()) {
      await raceTimeout(this.#registerer.unregister().catch(() => undefined), UNREGISTER_TIMEOUT_MS);
    }
    if (this.machine.state !== RegistrationState.Unregistered) this.#move(RegistrationState.Unregistered);
  }

  #register(): void {
    this.#registerer
      .register({
        requestDelegate: {
          onAccept: () => {
            if (this.#stopping || this.machine.state !== RegistrationState.Registering) return;
            this.#attempt = 0;
            this.#move(RegistrationState.Registered);
          },
          onReject: (response) => {
            if (this.#stopping || this.machine.state !== RegistrationState.Registering) return;
            const failure = failureFor(response.message.statusCode ?? 0, this.server);
            this.#move(RegistrationState.Failed, failure);
            if (failure.reason !== 'auth') this.#scheduleRetry();
          },
        },
      })
      .catch((error: unknown) => {
        // A REGISTER lost with the old transport is still pending: try again later.
        if (error instanceof RequestPendingError) this.#scheduleRetry();
        else this.#connectFailed();
      });
  }

  #connectFailed(): void {
    if (this.#stopping) return;
    if (this.machine.state === RegistrationState.Registering || this.machine.state === RegistrationState.Reconnecting) {
      const hint = this.server.startsWith('wss:')
        ? ' Check the address, and that this browser trusts the PBX certificate (open it once over https).'
        : '';
      this.#move(RegistrationState.Failed, { reason: 'unreachable', message: `Cannot reach the PBX at ${this.server}.${hint}` });
    }
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    this.#attempt += 1;
    const delay = backoffDelayMs(this.#attempt, this.backoff);
    this.#planRetry(this.#urgent ? Math.min(delay, this.#urgentDelayMs()) : delay);
  }

  #urgentDelayMs(): number {
    return backoffDelayMs(1, this.urgentRetry) + Math.round(Math.random() * Math.min(URGENT_RETRY_SPREAD_MS, this.urgentRetry.baseMs));
  }

  #planRetry(delay: number): void {
    this.#clearTimer();
    this.#nextRetryAt = Date.now() + delay;
    this.onChange();
    this.#timer = setTimeout(() => this.#retry(), delay);
  }

  #retry(): void {
    this.#timer = undefined;
    this.#nextRetryAt = null;
    if (this.#stopping) return;
    if (this.machine.state !== RegistrationState.Registering) this.#move(RegistrationState.Registering);
    if (this.ua.isConnected()) {
      this.#register();
      return;
    }
    // onConnect sends the REGISTER once the socket is open.
    this.ua.reconnect().catch(() => this.#connectFailed());
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#nextRetryAt = null;
  }

  #move(to: RegistrationState, failure?: RegistrationFailure): void {
    this.machine.transition(to, failure);
    this.onChange();
  }
}
