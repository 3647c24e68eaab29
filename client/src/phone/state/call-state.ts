import { TableStateMachine } from './illegal-transition';

/**
 * Life of one call leg as the operator sees it.
 *
 * ```
 *            ┌──────────── ringing-in ──answer──┐
 *  idle ─────┤                                  ▼
 *            └──────────── ringing-out ─200──▶ talking ◀──resume── held
 *                              │                │  │ ▲   ──hold──▶  │
 *                              │                │  │ └─cancel── consulting (held while we
 *                              │                │  └──merge──▶ conference   ask a 3rd party)
 *                              ▼                ▼       │ other leg left ▲
 *                            ended ◀──────── (any state except ended) ───┘
 * ```
 * - `consulting`: this call is on hold while a second call (the consultation) decides
 *   whether it takes the transfer; `held → consulting` is allowed too.
 * - `conference`: this leg is mixed in the browser with the other established leg.
 * - `ended` is final; a new call is a new machine.
 */
export enum CallState {
  Idle = 'idle',
  RingingIn = 'ringing-in',
  RingingOut = 'ringing-out',
  Talking = 'talking',
  Held = 'held',
  Consulting = 'consulting',
  Conference = 'conference',
  Ended = 'ended',
}

const ALLOWED: Record<CallState, readonly CallState[]> = {
  [CallState.Idle]: [CallState.RingingIn, CallState.RingingOut, CallState.Ended],
  [CallState.RingingIn]: [CallState.Talking, CallState.Ended],
  [CallState.RingingOut]: [CallState.Talking, CallState.Ended],
  [CallState.Talking]: [CallState.Held, CallState.Consulting, CallState.Conference, CallState.Ended],
  [CallState.Held]: [CallState.Talking, CallState.Consulting, CallState.Conference, CallState.Ended],
  [CallState.Consulting]: [CallState.Talking, CallState.Held, CallState.Ended],
  [CallState.Conference]: [CallState.Talking, CallState.Held, CallState.Ended],
  [CallState.Ended]: [],
};

/** Holds the state of one call; the only way to change it is `transition()`. */
export class CallMachine extends TableStateMachine<CallState> {
  constructor() {
    super('call', ALLOWED, CallState.Idle);
  }
}
