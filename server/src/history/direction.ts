import { parseChannelName } from '../pbx/model/fields';
import type { CdrRow } from './cdr-row';

export type CallDirection = 'inbound' | 'outbound' | 'internal';

/** How this PBX tells its extensions from its trunks. */
export interface DirectionRules {
  /** An extension number, e.g. /^\d{3,5}$/. */
  extension: RegExp;
  /** Endpoint names of trunks (PJSIP/<name>-xxxx), compared exactly. */
  trunkNames: readonly string[];
}

export const DEFAULT_RULES: DirectionRules = { extension: /^\d{3,5}$/, trunkNames: [] };

/** `PJSIP/1001-0000002f` → `1001`; Local channels → the dialled number before `@`. */
export function endpointOf(channel: string): string {
  return parseChannelName(channel)?.resource.split('@')[0] ?? '';
}

/**
 * Named trunks when configured (HISTORY_TRUNKS); otherwise any device channel whose endpoint is
 * not an extension number (`PJSIP/provider-0000002f`): Local channels and applications are not.
 */
export function isTrunk(channel: string, rules: DirectionRules): boolean {
  if (channel === '') return false;
  const endpoint = endpointOf(channel);
  if (rules.trunkNames.length > 0) return rules.trunkNames.includes(endpoint);
  return !channel.startsWith('Local/') && endpoint !== '' && !rules.extension.test(endpoint);
}

/** FreePBX's rule: a call that came in on a trunk (from-trunk/from-pstn) is inbound, one that leaves on a trunk is outbound. */
export function directionOf(first: CdrRow, legs: readonly CdrRow[], rules: DirectionRules): CallDirection {
  if (/^from-(trunk|pstn)/.test(first.dcontext) || isTrunk(first.channel, rules)) return 'inbound';
  if (legs.some((leg) => isTrunk(leg.dstchannel, rules))) return 'outbound';
  return 'internal';
}
