import type { Campaign, CampaignLink, ChosenTarget, RoutingDecision, RoutingState } from './types';

/** Returns a number in [0, 1); injected so tests and the simulator can replay a run from a seed. */
export type RandomSource = () => number;

function underCap(count: number, cap: number): boolean {
  // A cap of 0 means "no cap": a link that must take no calls is switched off with `active`.
  return cap <= 0 || count < cap;
}

export function hasRoom(link: CampaignLink): boolean {
  const { liveCalls, todayCount, totalCount } = link.counters;
  return (
    link.active &&
    underCap(liveCalls, link.concurrencyCap) &&
    underCap(todayCount, link.dailyCap) &&
    underCap(totalCount, link.totalCap)
  );
}

function byId(a: CampaignLink, b: CampaignLink): number {
  return a.id - b.id;
}

function byPriority(links: readonly CampaignLink[]): CampaignLink[] {
  // Ties go to the lower id so the same input always gives the same order.
  return [...links].sort((a, b) => b.priority - a.priority || a.id - b.id);
}

/**
 * Starts at the first link after the cursor in id order (wrapping), so every decision moves the
 * lead one step on: over many calls each link with room leads equally often, give or take one.
 * Keyed by id, not by index, so adding or removing a link does not reset everyone's turn.
 */
function byRoundRobin(links: readonly CampaignLink[], cursor: number | null): CampaignLink[] {
  const sorted = [...links].sort(byId);
  const leadIndex = cursor === null ? 0 : sorted.findIndex((link) => link.id > cursor);
  const start = leadIndex === -1 ? 0 : leadIndex;
  return [...sorted.slice(start), ...sorted.slice(0, start)];
}

/**
 * Weighted sampling without replacement: the first target is drawn in proportion to weight, the
 * next among the rest, and so on. Links of weight 0 are never drawn.
 */
function byWeight(links: readonly CampaignLink[], count: number, random: RandomSource): CampaignLink[] {
  const remaining = [...links].filter((link) => link.weight > 0).sort(byId);
  const picked: CampaignLink[] = [];
  while (picked.length < count && remaining.length > 0) {
    const total = remaining.reduce((sum, link) => sum + link.weight, 0);
    let point = random() * total;
    let index = remaining.findIndex((link) => {
      point -= link.weight;
      return point < 0;
    });
    // Floating-point rounding can leave `point` a hair above 0 after the last link.
    if (index === -1) index = remaining.length - 1;
    const [link] = remaining.splice(index, 1);
    if (link) picked.push(link);
  }
  return picked;
}

function toTarget(link: CampaignLink): ChosenTarget {
  return { linkId: link.id, clientId: link.clientId, dialString: link.target.dialString };
}

/**
 * The routing decision for one call: an ordered list of up to `maxAttempts` targets among the
 * links with room, or the campaign's fallback. Pure: counters come in, nothing is reserved here.
 */
export function chooseTargets(
  campaign: Campaign,
  links: readonly CampaignLink[],
  state: RoutingState,
  random: RandomSource,
): RoutingDecision {
  if (!campaign.active) return { status: 'DISABLED' };
  if (!links.some((link) => link.active)) {
    return { status: 'NO_ROOM', reason: 'no_links', fallback: campaign.fallback };
  }
  const withRoom = links.filter(hasRoom);
  const attempts = Math.max(1, Math.floor(campaign.maxAttempts));

  let ordered: CampaignLink[];
  switch (campaign.strategy) {
    case 'priority':
      ordered = byPriority(withRoom);
      break;
    case 'round_robin':
      ordered = byRoundRobin(withRoom, state.roundRobinCursor);
      break;
    case 'weighted':
      ordered = byWeight(withRoom, attempts, random);
      break;
  }
  const chosen = ordered.slice(0, attempts);
  const [lead] = chosen;
  if (!lead) return { status: 'NO_ROOM', reason: 'all_full', fallback: campaign.fallback };

  const nextState: RoutingState =
    campaign.strategy === 'round_robin' ? { roundRobinCursor: lead.id } : state;
  return {
    status: 'OK',
    targets: chosen.map(toTarget),
    ringTimeoutSeconds: campaign.ringTimeoutSeconds,
    nextState,
  };
}
