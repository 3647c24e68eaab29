/** A line of the dial pad's recent-calls list, remembered per browser. */
export interface RecentCall {
  number: string;
  name: string;
  direction: 'inbound' | 'outbound';
  /** Epoch ms the call started. */
  at: number;
  answered: boolean;
}

export const RECENT_CALLS_KEY = 'ondeck.phone.recent';
export const MAX_RECENT_CALLS = 20;

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

function isRecentCall(value: unknown): value is RecentCall {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.number === 'string' &&
    typeof v.name === 'string' &&
    (v.direction === 'inbound' || v.direction === 'outbound') &&
    typeof v.at === 'number' &&
    typeof v.answered === 'boolean'
  );
}

export function loadRecentCalls(storage: KeyValueStore = localStorage): RecentCall[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(RECENT_CALLS_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isRecentCall).slice(0, MAX_RECENT_CALLS) : [];
  } catch {
    return [];
  }
}

/** Newest first, at most MAX_RECENT_CALLS; returns the new list. */
export function rememberRecentCall(list: readonly RecentCall[], call: RecentCall, storage: KeyValueStore = localStorage): RecentCall[] {
  const next = [call, ...list].slice(0, MAX_RECENT_CALLS);
  try {
    storage.setItem(RECENT_CALLS_KEY, JSON.stringify(next));
  } catch {
    // Storage full or private mode: the list lasts for this page.
  }
  return next;
}
