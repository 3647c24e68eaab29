import { CallLink, type CallLinkMachine } from './call-link';

/** What recovery needs from a call (PhoneCall implements it). */
export interface RecoverableCall {
  readonly link: CallLinkMachine;
  transportLost(): void;
  refreshAfterReconnect(): Promise<void>;
  dropForLostConnection(): void;
}

/** A short drop (a Wi-Fi hand-over, a proxy restart) is back well within this. */
export const DEFAULT_CALL_RECOVERY_MS = 20_000;

/**
 * The phone-wide side of a WebSocket drop (see call-link.ts for one call): tells every call,
 * starts refreshes once registered again, and ends the calls still waiting when the recovery
 * time runs out.
 */
export class CallRecovery {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly calls: () => readonly RecoverableCall[],
    private readonly recoveryMs = DEFAULT_CALL_RECOVERY_MS,
  ) {}

  /** True while the recovery clock runs. */
  get waiting(): boolean {
    return this.#timer !== undefined;
  }

  transportLost(): void {
    for (const call of [...this.calls()]) call.transportLost();
    if (this.#timer !== undefined || !this.calls().some((call) => call.link.interrupted)) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      for (const call of [...this.calls()]) if (call.link.interrupted) call.dropForLostConnection();
    }, this.recoveryMs);
  }

  /** Registered again: every call that waited refreshes its dialog over the new connection. */
  registered(): void {
    for (const call of this.calls()) if (call.link.state === CallLink.Reconnecting) void call.refreshAfterReconnect();
  }

  /** After any call change: once no call waits any more, the clock stops. */
  callsChanged(): void {
    if (!this.calls().some((call) => call.link.interrupted)) this.stop();
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
