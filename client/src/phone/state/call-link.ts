import { TableStateMachine } from './illegal-transition';

/**
 * Whether a call's signalling path to the PBX still works, apart from its media (which runs
 * between the peers and does not notice the WebSocket dropping).
 *
 * ```
 *             transport lost                 registered again
 *  connected ───────────────▶ reconnecting ───────────────────▶ refreshing
 *     │ ▲                       │    ▲                             │  │
 *     │ │                       │    └── 491 glare: retry later ───┘  │
 *     │ └───────────── 2xx to the target-refresh re-INVITE ───────────┘
 *     │                         │ grace expired          other final response
 *     ▼                         ▼                           │
 *    lost ◀─────────────────────┴───────────────────────────┘
 * ```
 * - A WebSocket reconnect gives the browser a new source port, so every dialog's route to us
 *   (the Contact the PBX or proxy remembers) is stale. A re-INVITE is a target refresh
 *   (RFC 3261 §12.2): its 2xx proves the far end reaches us again, and the call survives.
 * - `connected → lost` is for calls that were not answered yet when the transport went: their
 *   final response would travel the dead connection, so they end at once.
 * - `lost` is final: the call ends with a message saying the connection dropped it.
 */
export enum CallLink {
  Connected = 'connected',
  Reconnecting = 'reconnecting',
  Refreshing = 'refreshing',
  Lost = 'lost',
}

const ALLOWED: Record<CallLink, readonly CallLink[]> = {
  [CallLink.Connected]: [CallLink.Reconnecting, CallLink.Lost],
  [CallLink.Reconnecting]: [CallLink.Refreshing, CallLink.Lost],
  [CallLink.Refreshing]: [CallLink.Connected, CallLink.Reconnecting, CallLink.Lost],
  [CallLink.Lost]: [],
};

/** Re-INVITE glare (491) is retried this often before the call counts as lost. */
export const MAX_REFRESH_ATTEMPTS = 3;

export type RefreshVerdict = 'kept' | 'retry' | 'lost';

/**
 * What a final response to the target-refresh re-INVITE means for the call. 491 (both ends
 * refreshing at once) is retried after a random pause, as RFC 3261 §14.1 asks; anything else
 * that is not 2xx means the far end cannot reach us or no longer knows the call.
 */
export function refreshVerdict(statusCode: number, attempt: number): RefreshVerdict {
  if (!Number.isInteger(statusCode) || statusCode < 200 || statusCode > 699) {
    throw new RangeError(`not a final SIP status: ${statusCode}`);
  }
  if (statusCode < 300) return 'kept';
  if (statusCode === 491 && attempt < MAX_REFRESH_ATTEMPTS) return 'retry';
  return 'lost';
}

/** Holds one call's link state; `transition()` is the only way to change it. */
export class CallLinkMachine extends TableStateMachine<CallLink> {
  constructor() {
    super('call link', ALLOWED, CallLink.Connected);
  }

  /** True while the call waits for the transport or for its refresh to be answered. */
  get interrupted(): boolean {
    return this.state === CallLink.Reconnecting || this.state === CallLink.Refreshing;
  }
}
