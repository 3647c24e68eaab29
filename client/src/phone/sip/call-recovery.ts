import { CallLink, type CallLinkMachine } from '../state/call-link';

/** What recovery needs from a call (PhoneCall implements it). */
export interface RecoverableCall {
  /** Names the call in logs. */
  readonly id: string;
  readonly link: CallLinkMachine;
  transportLost(): void;
  refreshAfterReconnect(): Promise<void>;
  dropForLostConnection(): void;
  /** Ends the SIP dialog at the far end (BYE, CANCEL or a final response); never rejects. */
  endDialog(): Promise<void>;
}

export interface CallRecoveryOptions {
  /** How long an answered call waits for its dialog to be refreshed after a drop. */
  recoveryMs?: number;
  /** Whether the WebSocket is up now, so a BYE or CANCEL can leave. */
  connected?: () => boolean;
  /** The recovery clock started (true) or stopped (false): registration retries faster meanwhile. */
  onWaitingChange?: (waiting: boolean) => void;
}

/** A short drop (a Wi-Fi hand-over, a proxy restart) is back well within this. */
export const DEFAULT_CALL_RECOVERY_MS = 20_000;

/**
 * The phone-wide side of a WebSocket drop (see call-link.ts for one call): tells every call,
 * starts refreshes once registered again, ends the calls still waiting when the recovery time
 * runs out, and ends at the far end every dialog the phone gave up while it could not signal.
 * Asterisk does not end such a dialog by itself (rtp_timeout=0 by default): the other person
 * would sit bridged in silence until someone hangs up.
 */
export class CallRecovery {
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Dialogs ended here but not yet at the far end: their BYE or CANCEL goes after the next registration. */
  readonly #abandoned = new Set<RecoverableCall>();
  readonly #recoveryMs: number;
  readonly #connected: () => boolean;
  readonly #onWaitingChange: (waiting: boolean) => void;

  constructor(
    private readonly calls: () => readonly RecoverableCall[],
    options: CallRecoveryOptions = {},
  ) {
    this.#recoveryMs = options.recoveryMs ?? DEFAULT_CALL_RECOVERY_MS;
    this.#connected = options.connected ?? (() => true);
    this.#onWaitingChange = options.onWaitingChange ?? (() => undefined);
  }

  /** True while the recovery clock runs. */
  get waiting(): boolean {
    return this.#timer !== undefined;
  }

  /** How many dialogs still wait for their BYE or CANCEL. */
  get abandonedCount(): number {
    return this.#abandoned.size;
  }

  transportLost(): void {
    for (const call of [...this.calls()]) call.transportLost();
    if (this.#timer !== undefined || !this.calls().some((call) => call.link.interrupted)) return;
    this.#timer = setTimeout(() => {
      this.#setTimer(undefined);
      for (const call of [...this.calls()]) if (call.link.interrupted) call.dropForLostConnection();
    }, this.#recoveryMs);
    this.#onWaitingChange(true);
  }

  /**
   * A call gave up on its dialog. Ended at the far end now when the WebSocket is up, otherwise
   * after the next registration (over the new connection).
   */
  abandoned(call: RecoverableCall): void {
    if (this.#connected()) this.#endDialog(call);
    else this.#abandoned.add(call);
  }

  /** Registered again: abandoned dialogs are ended, and every call that waited refreshes its dialog. */
  registered(): void {
    this.#endAbandoned();
    for (const call of this.calls()) {
      if (call.link.state !== CallLink.Reconnecting) continue;
      call.refreshAfterReconnect().catch((error: unknown) => console.warn('phone: could not refresh a call after reconnecting', call.id, error));
    }
  }

  /** After any call change: once no call waits any more, the clock stops. */
  callsChanged(): void {
    if (!this.calls().some((call) => call.link.interrupted)) this.#setTimer(undefined);
  }

  /** The phone shuts down: the clock stops, and abandoned dialogs are ended if we still can. */
  stop(): void {
    this.#setTimer(undefined);
    if (this.#connected()) this.#endAbandoned();
    this.#abandoned.clear();
  }

  #endAbandoned(): void {
    const calls = [...this.#abandoned];
    this.#abandoned.clear();
    for (const call of calls) this.#endDialog(call);
  }

  /** `endDialog` reports its own SIP failures; anything else escaping it is logged, not lost. */
  #endDialog(call: RecoverableCall): void {
    call.endDialog().catch((error: unknown) => console.warn('phone: could not end an abandoned dialog', call.id, error));
  }

  #setTimer(timer: ReturnType<typeof setTimeout> | undefined): void {
    const wasWaiting = this.#timer !== undefined;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = timer;
    if (wasWaiting && timer === undefined) this.#onWaitingChange(false);
  }
}
