/** How a campaign spreads its calls across the client centres linked to it. */
export type RoutingStrategy = 'priority' | 'round_robin' | 'weighted';

/** What the caller gets when no linked client centre has room. */
export type CampaignFallback =
  | { readonly kind: 'busy' }
  | { readonly kind: 'message'; readonly sound: string }
  | { readonly kind: 'number'; readonly number: string };

export interface Campaign {
  readonly id: number;
  readonly active: boolean;
  readonly strategy: RoutingStrategy;
  /** Seconds each attempt rings before the dialplan moves to the next target. */
  readonly ringTimeoutSeconds: number;
  /** Upper bound on the length of the ordered target list (values below 1 count as 1). */
  readonly maxAttempts: number;
  readonly fallback: CampaignFallback;
}

/** A client centre's PBX endpoint or dial string, set up by an admin (e.g. `PJSIP/cc-north`). */
export interface ClientTarget {
  readonly dialString: string;
}

/** Live and historical counts for one link; today's count is for the current daily window. */
export interface LinkCounters {
  readonly liveCalls: number;
  readonly todayCount: number;
  readonly totalCount: number;
}

export interface CampaignLink {
  readonly id: number;
  readonly clientId: number;
  /** Larger number = tried first under the `priority` strategy. */
  readonly priority: number;
  /** Relative share under the `weighted` strategy; 0 means never chosen by weight. */
  readonly weight: number;
  /** 0 = unlimited. */
  readonly concurrencyCap: number;
  /** 0 = unlimited. */
  readonly dailyCap: number;
  /** 0 = unlimited. */
  readonly totalCap: number;
  readonly counters: LinkCounters;
  /** False when the link or its client centre is disabled. */
  readonly active: boolean;
  readonly target: ClientTarget;
}

/** What a decision reads and writes besides the links: persisted by the caller between calls. */
export interface RoutingState {
  /** Id of the link that led the previous round-robin decision; null before the first one. */
  readonly roundRobinCursor: number | null;
}

export interface ChosenTarget {
  readonly linkId: number;
  readonly clientId: number;
  readonly dialString: string;
}

export type NoRoomReason = 'no_links' | 'all_full';

export type RoutingDecision =
  | {
      readonly status: 'OK';
      readonly targets: readonly ChosenTarget[];
      readonly ringTimeoutSeconds: number;
      readonly nextState: RoutingState;
    }
  | { readonly status: 'NO_ROOM'; readonly reason: NoRoomReason; readonly fallback: CampaignFallback }
  | { readonly status: 'DISABLED' }
  | { readonly status: 'UNKNOWN_DID' }
  | { readonly status: 'ERROR'; readonly reason: string };
