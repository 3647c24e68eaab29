import type { CallView } from '@ondeck/shared';
import { partyLabel } from './panel-format';

export type CallSortKey = 'direction' | 'parties' | 'state' | 'queue' | 'duration' | 'talk';

export interface CallSort {
  key: CallSortKey;
  descending: boolean;
}

export const partiesText = (call: CallView): string => call.parties.map(partyLabel).join(' → ');

/** Longer durations sort as larger: an older start is a longer call. */
const value = (call: CallView, key: CallSortKey): string | number => {
  switch (key) {
    case 'direction':
      return call.direction;
    case 'parties':
      return partiesText(call);
    case 'state':
      return call.state;
    case 'queue':
      return call.queue ?? '';
    case 'duration':
      return -call.startedAt;
    case 'talk':
      return call.answeredAt === undefined ? Number.NEGATIVE_INFINITY : -call.answeredAt;
  }
};

export function sortCalls(calls: readonly CallView[], sort: CallSort): CallView[] {
  const sign = sort.descending ? -1 : 1;
  return [...calls].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return sign * order || a.id.localeCompare(b.id);
  });
}
