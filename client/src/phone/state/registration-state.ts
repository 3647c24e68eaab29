import { assertTransition } from './illegal-transition';

/**
 * Registration of the browser phone with the PBX.
 *
 * ```
 *                  start()                 200 OK
 *  unregistered ──────────▶ registering ──────────▶ registered
 *       ▲                    │   ▲   ▲                  │
 *       │ stop() from        │   │   └──retry (backoff)─┤ transport lost
 *       │ any state          ▼   │                      ▼
 *       └──────────────── failed ◀──────────────── reconnecting
 *                       (reason)   gave up / 401 / 403
 * ```
 * - `failed` carries a reason: `auth` (401/403 after our credentials), `unreachable`
 *   (WebSocket never opened: wrong URL, server down, or an untrusted TLS certificate,
 *   which browsers do not tell apart), `rejected` (any other final error).
 *   From `failed` the phone retries unreachable servers with backoff (→ registering);
 *   auth failures wait for new credentials.
 * - `reconnecting` waits out a capped backoff, then goes back to `registering`.
 */
export enum RegistrationState {
  Unregistered = 'unregistered',
  Registering = 'registering',
  Registered = 'registered',
  Reconnecting = 'reconnecting',
  Failed = 'failed',
}

export type RegistrationFailureReason = 'auth' | 'unreachable' | 'rejected';

const ALLOWED: Record<RegistrationState, readonly RegistrationState[]> = {
  [RegistrationState.Unregistered]: [RegistrationState.Registering],
  [RegistrationState.Registering]: [
    RegistrationState.Registered,
    RegistrationState.Failed,
    RegistrationState.Reconnecting,
    RegistrationState.Unregistered,
  ],
  [RegistrationState.Registered]: [
    RegistrationState.Reconnecting,
    RegistrationState.Failed,
    RegistrationState.Unregistered,
  ],
  [RegistrationState.Reconnecting]: [
    RegistrationState.Registering,
    RegistrationState.Failed,
    RegistrationState.Unregistered,
  ],
  [RegistrationState.Failed]: [RegistrationState.Registering, RegistrationState.Unregistered],
};

export interface RegistrationFailure {
  reason: RegistrationFailureReason;
  /** What the operator should read, e.g. "Wrong extension password (403)". */
  message: string;
  statusCode?: number;
}

/** Registration state plus the failure that explains a `failed` state. */
export class RegistrationMachine {
  #state: RegistrationState = RegistrationState.Unregistered;
  #failure: RegistrationFailure | null = null;

  get state(): RegistrationState {
    return this.#state;
  }

  get failure(): RegistrationFailure | null {
    return this.#failure;
  }

  canTransition(to: RegistrationState): boolean {
    return ALLOWED[this.#state].includes(to);
  }

  /**
   * Moves to `to`; `failure` is required for `failed` and refused otherwise, so a failed
   * state always explains itself. Throws on moves the diagram forbids.
   */
  transition(to: RegistrationState, failure?: RegistrationFailure): void {
    assertTransition('registration', ALLOWED, this.#state, to);
    if (to === RegistrationState.Failed && !failure) throw new Error('A failed registration needs a failure reason');
    if (to !== RegistrationState.Failed && failure) throw new Error(`Only failed carries a failure, not ${to}`);
    this.#state = to;
    this.#failure = failure ?? null;
  }
}
