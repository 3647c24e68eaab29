import { assertTransition } from '../state/illegal-transition';

/**
 * Which browser tab owns the phone. Two tabs registering the same extension would ring
 * twice and fight over the microphone, so exactly one tab runs the Phone; the others show
 * "phone active in another tab" and may take over.
 *
 * ```
 *            start()            no owner answered
 *  idle ───────────▶ electing ─────────────────────▶ owner ◀──┐
 *                       │ an owner answered           │       │ takeOver() / the
 *                       ▼                             │       │ owner closed its tab
 *                    standby ◀── another tab took over┘       │
 *                       └─────────────────────────────────────┘
 *  (any) ──close()──▶ closed
 * ```
 * Two tabs electing at the same moment both become owner; when they hear each other the
 * one with the smaller id keeps the phone.
 */
export enum TabRole {
  Idle = 'idle',
  Electing = 'electing',
  Owner = 'owner',
  Standby = 'standby',
  Closed = 'closed',
}

const ALLOWED: Record<TabRole, readonly TabRole[]> = {
  [TabRole.Idle]: [TabRole.Electing, TabRole.Closed],
  [TabRole.Electing]: [TabRole.Owner, TabRole.Standby, TabRole.Closed],
  [TabRole.Owner]: [TabRole.Standby, TabRole.Closed],
  [TabRole.Standby]: [TabRole.Owner, TabRole.Electing, TabRole.Closed],
  [TabRole.Closed]: [],
};

type ElectionMessage =
  | { type: 'who-owns'; from: string }
  | { type: 'i-own'; from: string }
  | { type: 'take-over'; from: string }
  | { type: 'released'; from: string };

/** The part of BroadcastChannel the election uses, so tests can pass a fake. */
export interface ElectionChannel {
  postMessage(message: ElectionMessage): void;
  /** Anything may arrive (another tab, another OnDeck version): the data is checked before use. */
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  close(): void;
}

export interface TabElectionOptions {
  channel?: ElectionChannel;
  tabId?: string;
  /** How long to wait for an owner to answer before claiming the phone. */
  answerTimeoutMs?: number;
}

export const ELECTION_CHANNEL = 'ondeck-phone-owner';

function isMessage(value: unknown): value is ElectionMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, from } = value as Record<string, unknown>;
  return typeof from === 'string' && ['who-owns', 'i-own', 'take-over', 'released'].includes(String(type));
}

export class TabElection {
  readonly tabId: string;
  #role = TabRole.Idle;
  #ownerId: string | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #channel: ElectionChannel;
  readonly #answerTimeoutMs: number;
  readonly #listeners = new Set<(role: TabRole) => void>();

  constructor(options: TabElectionOptions = {}) {
    this.tabId = options.tabId ?? crypto.randomUUID();
    this.#answerTimeoutMs = options.answerTimeoutMs ?? 400;
    this.#channel = options.channel ?? new BroadcastChannel(ELECTION_CHANNEL);
    this.#channel.onmessage = (event) => {
      if (isMessage(event.data) && event.data.from !== this.tabId) this.#receive(event.data);
    };
  }

  get role(): TabRole {
    return this.#role;
  }

  /** The tab known to own the phone (ourselves when owner), or null. */
  get ownerId(): string | null {
    return this.#ownerId;
  }

  onChange(listener: (role: TabRole) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#transition(TabRole.Electing);
    this.#elect();
  }

  /** The operator wants the phone in this tab: the current owner steps down. */
  takeOver(): void {
    if (this.#role === TabRole.Owner) return;
    this.#clearTimer();
    this.#post({ type: 'take-over', from: this.tabId });
    this.#becomeOwner();
  }

  /** Leave the election (tab closing, logout); an owner lets the others elect a new one. */
  close(): void {
    if (this.#role === TabRole.Closed) return;
    this.#clearTimer();
    if (this.#role === TabRole.Owner) this.#post({ type: 'released', from: this.tabId });
    this.#transition(TabRole.Closed);
    this.#channel.onmessage = null;
    this.#channel.close();
  }

  #elect(): void {
    this.#ownerId = null;
    this.#post({ type: 'who-owns', from: this.tabId });
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#role === TabRole.Electing) this.#becomeOwner();
    }, this.#answerTimeoutMs);
  }

  #receive(message: ElectionMessage): void {
    switch (message.type) {
      case 'who-owns':
        if (this.#role === TabRole.Owner) this.#post({ type: 'i-own', from: this.tabId });
        return;
      case 'i-own':
        if (this.#role === TabRole.Owner && message.from > this.tabId) {
          this.#post({ type: 'i-own', from: this.tabId }); // we keep it; the other tab stands down
          return;
        }
        if (this.#role === TabRole.Electing || this.#role === TabRole.Owner || this.#role === TabRole.Standby) {
          this.#becomeStandby(message.from);
        }
        return;
      case 'take-over':
        if (this.#role === TabRole.Owner || this.#role === TabRole.Electing) this.#becomeStandby(message.from);
        else if (this.#role === TabRole.Standby) this.#ownerId = message.from;
        return;
      case 'released':
        if (this.#role === TabRole.Standby && this.#ownerId === message.from) {
          this.#transition(TabRole.Electing);
          this.#elect();
        }
        return;
    }
  }

  #becomeOwner(): void {
    this.#transition(TabRole.Owner);
    this.#ownerId = this.tabId;
    this.#post({ type: 'i-own', from: this.tabId });
  }

  #becomeStandby(ownerId: string): void {
    this.#clearTimer();
    this.#ownerId = ownerId;
    if (this.#role !== TabRole.Standby) this.#transition(TabRole.Standby);
  }

  #post(message: ElectionMessage): void {
    this.#channel.postMessage(message);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #transition(to: TabRole): void {
    assertTransition('tab election', ALLOWED, this.#role, to);
    this.#role = to;
    for (const listener of this.#listeners) listener(to);
  }
}
