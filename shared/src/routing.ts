/**
 * Inbound routing to client call centres, as the REST API and the live socket carry it: client
 * centres, DIDs, campaigns, campaign–client links, the routed-call log and the live view.
 * Times are ISO 8601 UTC strings.
 */

export type RoutingStrategy = 'priority' | 'round_robin' | 'weighted';
export const ROUTING_STRATEGIES: readonly RoutingStrategy[] = ['priority', 'round_robin', 'weighted'];

export type CampaignFallbackInput =
  | { kind: 'busy' }
  | { kind: 'message'; sound: string }
  | { kind: 'number'; number: string };

export interface ClientTargetView {
  id: number;
  /** A PJSIP endpoint or dial string an admin set up in the PBX, e.g. `PJSIP/cc-north`. */
  dialString: string;
}

export interface RoutingClientInput {
  name: string;
  active: boolean;
  notes: string;
  contact: string;
  /** At least one. */
  targets: string[];
}

export interface RoutingClientView {
  id: number;
  name: string;
  active: boolean;
  notes: string;
  contact: string;
  targets: ClientTargetView[];
}

export interface DidInput {
  /** As typed; stored in E.164. */
  number: string;
  /** Admins choose the owner; a seller's DIDs are always their own. */
  sellerId?: number;
  campaignId: number | null;
  active: boolean;
}

export interface DidView {
  id: number;
  /** E.164, e.g. `+442071234567`. */
  number: string;
  sellerId: number;
  sellerName: string;
  campaignId: number | null;
  campaignName: string | null;
  active: boolean;
}

export interface CampaignInput {
  name: string;
  sellerId?: number;
  strategy: RoutingStrategy;
  ringTimeoutSeconds: number;
  maxAttempts: number;
  fallback: CampaignFallbackInput;
  active: boolean;
}

export interface CampaignView extends Omit<CampaignInput, 'sellerId'> {
  id: number;
  sellerId: number;
  sellerName: string;
}

export interface CampaignLinkInput {
  clientId: number;
  priority: number;
  weight: number;
  /** 0 = unlimited. */
  concurrencyCap: number;
  /** 0 = unlimited; counted per day in the configured routing time zone. */
  dailyCap: number;
  /** 0 = unlimited. */
  totalCap: number;
  active: boolean;
}

export interface CampaignLinkView extends CampaignLinkInput {
  id: number;
  campaignId: number;
  clientName: string;
  liveCalls: number;
  todayCount: number;
  totalCount: number;
}

export type RoutedCallOutcome = 'answered' | 'no_answer' | 'busy' | 'failed' | 'no_room' | 'unknown_did' | 'disabled' | 'abandoned';
export const ROUTED_CALL_OUTCOMES: readonly RoutedCallOutcome[] = [
  'answered',
  'no_answer',
  'busy',
  'failed',
  'no_room',
  'unknown_did',
  'disabled',
  'abandoned',
];

export interface RoutedAttemptView {
  linkId: number;
  clientName: string;
  dialString: string;
  outcome: 'answered' | 'no_answer' | 'busy' | 'failed' | 'pending';
}

export interface RoutedCallView {
  id: number;
  /** Asterisk's linkedid / uniqueid of the inbound channel. */
  callId: string;
  did: string;
  campaignId: number | null;
  campaignName: string | null;
  sellerId: number | null;
  callerNumber: string;
  attempts: RoutedAttemptView[];
  answeredBy: string | null;
  outcome: RoutedCallOutcome | 'in_progress';
  start: string;
  answer: string | null;
  end: string | null;
  durationSeconds: number;
}

export interface RoutedCallFilter {
  from?: string;
  to?: string;
  did?: string;
  campaignId?: number;
  outcome?: RoutedCallOutcome;
}

export interface RoutedCallQuery extends RoutedCallFilter {
  cursor?: string;
  limit?: number;
}

export interface RoutedCallPage {
  entries: RoutedCallView[];
  nextCursor: string | null;
}

/** One link in the live view: live calls against its concurrency cap, today against the daily cap. */
export interface RoutingLiveLink {
  linkId: number;
  clientName: string;
  liveCalls: number;
  concurrencyCap: number;
  todayCount: number;
  dailyCap: number;
  totalCount: number;
  totalCap: number;
  /** Answered / (answered + missed) today, 0–100; null before the first finished call. */
  answerRatePercent: number | null;
  active: boolean;
}

export interface RoutingLiveCampaign {
  campaignId: number;
  name: string;
  strategy: RoutingStrategy;
  active: boolean;
  liveCalls: number;
  todayCount: number;
  answerRatePercent: number | null;
  links: RoutingLiveLink[];
}

/** What `GET /routing/live` answers and the socket's `routing:live` event pushes, scoped to the reader. */
export interface RoutingLiveSnapshot {
  campaigns: RoutingLiveCampaign[];
  at: string;
}

export interface SellerView {
  id: number;
  username: string;
  displayName: string;
}
