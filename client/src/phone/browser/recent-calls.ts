import type { CallOutcome } from '../sip/call-outcome';

/** What became of a call, as the recent-calls list says it. */
export type RecentCallResult = 'answered' | 'missed' | 'no-answer' | 'declined' | 'busy' | 'failed';

const RESULT_LABELS: Record<RecentCallResult, string> = {
  answered: '',
  missed: 'missed',
  'no-answer': 'no answer',
  declined: 'declined',
  busy: 'busy',
  failed: 'failed',
};

/** A line of the dial pad's recent-calls list, remembered per browser. */
export interface RecentCall {
  number: string;
  name: string;
  direction: 'inbound' | 'outbound';
  /** Epoch ms the call started. */
  at: number;
  answered: boolean;
  /** Missing in entries saved before it existed: then only `answered` is known. */
  result?: RecentCallResult;
}

/** The result of an ended call from whether it was answered and its outcome. */
export function recentCallResult(direction: RecentCall['direction'], answered: boolean, outcome: CallOutcome | null): RecentCallResult {
  if (answered) return 'answered';
  if (direction === 'inbound') return outcome?.kind === 'declined' ? 'declined' : 'missed';
  switch (outcome?.kind) {
    case 'busy':
    case 'declined':
    case 'no-answer':
      return outcome.kind;
    case 'cancelled':
    case 'timeout':
    case undefined:
      return 'no-answer';
    default:
      return 'failed';
  }
}

/** The words shown before the time ('' for an answered call). */
export function recentCallLabel(call: RecentCall): string {
  if (call.result) return RESULT_LABELS[call.result];
  return call.answered ? '' : call.direction === 'inbound' ? 'missed' : 'no answer';
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
    typeof v.answered === 'boolean' &&
    (v.result === undefined || (typeof v.result === 'string' && v.result in RESULT_LABELS))
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
