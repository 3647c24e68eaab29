import type { CallLogEntry, CallLogLegView, CallOutcome } from '@ondeck/shared';

export const OUTCOME_LABELS: Record<CallOutcome, string> = {
  answered: 'Answered',
  no_answer: 'No answer',
  busy: 'Busy',
  failed: 'Failed',
  abandoned: 'Abandoned in queue',
  voicemail: 'Voicemail',
};

/** "12 s", "3 min 05 s", "1 h 02 min": call-log durations are whole seconds. */
export function secondsText(total: number): string {
  const seconds = Math.max(0, Math.round(total));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "0:42", "12:05", "1:02:03": the compact form for table cells. */
export function clockText(total: number): string {
  const seconds = Math.max(0, Math.floor(total));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** "14:03:27" for the timeline; "7 Dec, 14:03" for the log's start column. */
export const timeText = (iso: string): string => time.format(new Date(iso));
export const startText = (iso: string): string => dayAndTime.format(new Date(iso));

/** "1001 · Ann" or just the number when the name adds nothing. */
export function callerText(from: CallLogEntry['from']): string {
  return from.name && from.name !== from.number ? `${from.number} · ${from.name}` : from.number || 'Unknown';
}

/** The dialled side, marking a DID as one (the server names the DID as `to` when the call came in on one). */
export function calledText(entry: Pick<CallLogEntry, 'to' | 'did'>): string {
  if (entry.did && entry.did === entry.to) return `DID ${entry.did}`;
  if (entry.did) return `${entry.to || '—'} (DID ${entry.did})`;
  return entry.to || entry.did || '—';
}

/**
 * One leg of the timeline in words, as a person tells the call: "rang 1001 for 12 s, no answer",
 * "rang 1002 for 4 s, answered, talked 3 min 05 s". The first answered leg after another
 * answered one is a transfer.
 */
export function legSentence(leg: CallLogLegView, index: number, legs: readonly CallLogLegView[]): string {
  const rang = leg.ringSeconds > 0 ? `rang ${leg.party} for ${secondsText(leg.ringSeconds)}` : `reached ${leg.party}`;
  switch (leg.happened) {
    case 'answered': {
      const transferred = legs.slice(0, index).some((earlier) => earlier.happened === 'answered');
      const answered = transferred ? `transferred to ${leg.party}` : `answered by ${leg.party}`;
      const talk = leg.talkSeconds > 0 ? `, talked ${secondsText(leg.talkSeconds)}` : '';
      return leg.ringSeconds > 0 ? `${rang}, ${answered}${talk}` : `${answered}${talk}`;
    }
    case 'busy':
      return leg.ringSeconds > 0 ? `${rang}, busy` : `${leg.party} was busy`;
    case 'no_answer':
      return `${rang}, no answer`;
    case 'failed':
      return `could not reach ${leg.party}`;
  }
}
