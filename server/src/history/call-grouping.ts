import type { CdrRow } from './cdr-row';
import { directionOf, endpointOf, isTrunk, type CallDirection, type DirectionRules } from './direction';

export type CallOutcome = 'answered' | 'no_answer' | 'busy' | 'failed' | 'abandoned' | 'voicemail';

export interface CallLeg {
  party: string;
  start: Date;
  happened: 'answered' | 'busy' | 'no_answer' | 'failed';
  ringSeconds: number;
  talkSeconds: number;
}

export interface CallSummary {
  linkedid: string;
  start: Date;
  end: Date;
  direction: CallDirection;
  from: { number: string; name: string };
  to: string;
  answeredBy: string | undefined;
  queue: string | undefined;
  outcome: CallOutcome;
  waitSeconds: number;
  talkSeconds: number;
  totalSeconds: number;
  recordingfiles: string[];
  legs: CallLeg[];
}

const isLocal = (channel: string): boolean => channel.startsWith('Local/');
const endOf = (row: CdrRow): number => row.calldate.getTime() + row.duration * 1000;

function happenedOf(row: CdrRow): CallLeg['happened'] {
  if (row.disposition === 'ANSWERED') return 'answered';
  if (row.disposition === 'BUSY') return 'busy';
  if (row.disposition === 'FAILED') return 'failed';
  return 'no_answer';
}

/**
 * Applications whose dstchannel is a fellow participant, not someone who was called: Asterisk
 * pairs the channels of a conference bridge in its records (voicemail-application-party).
 */
const CONFERENCE_APPS = /^(ConfBridge|MeetMe)$/i;

const isPartyRow = (row: CdrRow): boolean => row.dstchannel !== '' && !isLocal(row.dstchannel) && !CONFERENCE_APPS.test(row.lastapp);

/**
 * Ring and talk seconds of one party row. billsec counts from party A's own answer, which for a
 * queue caller is the dialplan's Answer() before the members ring, so an answered Queue row's
 * billsec holds the wait too. With ringall the other members of the same round stop ringing
 * when one answers, so their longest record (same start, not longer) is that member's ring time;
 * alone in its round it is unknown and counted as 0. Local members ring through their ;2 half,
 * whose own Dial record is exact.
 */
function ringAndTalk(row: CdrRow, rows: readonly CdrRow[]): { ringSeconds: number; talkSeconds: number } {
  if (row.disposition !== 'ANSWERED') return { ringSeconds: row.duration, talkSeconds: 0 };
  if (row.lastapp !== 'Queue') return { ringSeconds: row.duration - row.billsec, talkSeconds: row.billsec };
  const siblings = rows.filter(
    (other) => other !== row && other.lastapp === 'Queue' && other.disposition !== 'ANSWERED' && isPartyRow(other) &&
      other.calldate.getTime() === row.calldate.getTime() && other.duration <= row.duration,
  );
  const ringSeconds = Math.max(0, ...siblings.map((other) => other.duration));
  return { ringSeconds, talkSeconds: Math.max(0, row.billsec - ringSeconds) };
}

/** Who a row reached: the extension, or for a trunk the outside number dialled (dst). */
function partyOf(row: CdrRow, rules: DirectionRules): string {
  return isTrunk(row.dstchannel, rules) ? row.dst : endpointOf(row.dstchannel);
}

/** Legs that reach a real party: Local/;1 and ;2 halves only relay, so they are folded away. */
function partyLegs(rows: readonly CdrRow[], rules: DirectionRules): CallLeg[] {
  return rows
    .filter(isPartyRow)
    .map((row) => ({ party: partyOf(row, rules), start: row.calldate, happened: happenedOf(row), ...ringAndTalk(row, rows) }))
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.party.localeCompare(b.party));
}

function outcomeOf(rows: readonly CdrRow[], legs: readonly CallLeg[], queue: string | undefined): CallOutcome {
  if (rows.some((row) => /^VoiceMail$/i.test(row.lastapp))) return 'voicemail';
  if (legs.some((leg) => leg.happened === 'answered')) return 'answered';
  if (queue) return 'abandoned';
  if (rows.some((row) => row.disposition === 'BUSY')) return 'busy';
  if (rows.some((row) => row.disposition === 'FAILED')) return 'failed';
  // No party leg but an answered application (ConfBridge, VoiceMailMain) still counts as answered.
  if (legs.length === 0 && rows.some((row) => row.disposition === 'ANSWERED')) return 'answered';
  return 'no_answer';
}

/**
 * The row of the channel that started the call: its uniqueid is the linkedid. Not simply the
 * earliest row: a Local member's ;2 record starts in the same second as the caller's and
 * carries the from-queue context and the member's number (queue-member-ops).
 */
function originOf(linkedid: string, rows: readonly CdrRow[]): CdrRow {
  return rows.find((row) => row.uniqueid === linkedid) ?? rows.find((row) => !isLocal(row.channel)) ?? (rows[0] as CdrRow);
}

/**
 * When the dialplan itself took the call (VoiceMail, VoiceMailMain, ConfBridge, an AGI script,
 * ChanSpy): the start of the first answered record without a called party. A Queue record is not
 * one (the caller still waits for a member), nor the Hangup() record after a failed Dial, nor a
 * Local half's empty record (attended transfer).
 */
function applicationAnswerOf(rows: readonly CdrRow[]): number | undefined {
  const row = rows.find((r) => !isPartyRow(r) && !isLocal(r.dstchannel) && r.disposition === 'ANSWERED' && !/^(Queue|Hangup|)$/i.test(r.lastapp));
  return row?.calldate.getTime();
}

function summarise(linkedid: string, rows: CdrRow[], rules: DirectionRules): CallSummary {
  const first = originOf(linkedid, rows);
  const legs = partyLegs(rows, rules);
  const queueRow = rows.find((row) => row.lastapp === 'Queue');
  const queue = queueRow ? queueRow.lastdata.split(',')[0] : undefined;
  const answered = legs.find((leg) => leg.happened === 'answered');
  const start = Math.min(...rows.map((row) => row.calldate.getTime()));
  const end = Math.max(...rows.map(endOf));
  const talkSeconds = legs.reduce((sum, leg) => sum + (leg.happened === 'answered' ? leg.talkSeconds : 0), 0);
  const waitEnd = answered ? answered.start.getTime() + answered.ringSeconds * 1000 : (applicationAnswerOf(rows) ?? end);
  return {
    linkedid,
    start: new Date(start),
    end: new Date(end),
    direction: directionOf(first, rows, rules),
    from: { number: first.cnum || first.src, name: first.cnam },
    to: first.did || first.dst,
    answeredBy: answered?.party,
    queue,
    outcome: outcomeOf(rows, legs, queue),
    waitSeconds: (waitEnd - start) / 1000,
    talkSeconds,
    totalSeconds: (end - start) / 1000,
    recordingfiles: [...new Set(rows.map((row) => row.recordingfile).filter((file) => file !== ''))],
    legs,
  };
}

/** Legs grouped by linkedid (uniqueid when missing) into calls, ordered by start. */
export function groupCalls(rows: readonly CdrRow[], rules: DirectionRules): CallSummary[] {
  const byCall = new Map<string, CdrRow[]>();
  for (const row of rows) {
    const key = row.linkedid || row.uniqueid;
    const legs = byCall.get(key);
    if (legs) legs.push(row);
    else byCall.set(key, [row]);
  }
  return [...byCall.entries()]
    .map(([linkedid, legs]) => summarise(linkedid, legs.sort((a, b) => a.calldate.getTime() - b.calldate.getTime()), rules))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}
