import type { CdrRow } from '../src/history/cdr-row';
import type { SimChannel } from './channel';
import type { World } from './world';

/** One row of FreePBX's asteriskcdrdb.cdr, one per call leg: the same row the call log reads. */
export type CdrRecord = CdrRow;

/**
 * One CDR record of party A (`caller`) with its party B (`callee`, none for an application).
 * The rules are Asterisk 22's cdr.c as the captures show them:
 * - calldate is where the record began: the channel's creation for its first record, the end of
 *   its previous record afterwards (`SimChannel.cdrStart`), or a queue's ring round (`start`);
 * - the answer time is when party A itself went Up, never before the record began, so a caller
 *   answered by the dialplan (Queue, VoiceMail, a transferred leg) bills the whole record;
 * - duration and billsec are whole seconds, cut (not rounded) from the exact times.
 */
export interface CdrLeg {
  caller: SimChannel;
  callee: SimChannel | undefined;
  /** The `dst` column: party A's extension when the record was written. */
  dialString: string;
  lastApp?: string;
  lastData?: string;
  recordingFile?: string;
  /** Begin of the record when it is not the party A's chain start (a queue ring round). */
  start?: number;
}

/** Asterisk's whole seconds between two instants: the millisecond difference cut, as cdr.c does. */
function wholeSeconds(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / 1000));
}

/** Party A's answer time inside the record, or undefined when party A never went Up in it. */
function answerTimeOf(leg: CdrLeg, start: number, endedAt: number): number | undefined {
  const answeredAt = leg.caller.answeredAt;
  if (answeredAt === undefined || answeredAt > endedAt) return undefined;
  return Math.max(answeredAt, start);
}

/** Builds the row for a finished record; times come from the channels and the world clock. */
export function buildCdrRecord(leg: CdrLeg, disposition: string, endedAt: number, sequence: number): CdrRecord {
  const { caller, callee } = leg;
  const start = leg.start ?? caller.cdrStart;
  const answeredAt = answerTimeOf(leg, start, endedAt);
  return {
    calldate: new Date(start),
    clid: `"${caller.callerName}" <${caller.callerNum}>`,
    src: caller.callerNum,
    dst: leg.dialString,
    dcontext: caller.context,
    channel: caller.name,
    dstchannel: callee?.name ?? '',
    lastapp: leg.lastApp ?? 'Dial',
    lastdata: leg.lastData ?? `PJSIP/${leg.dialString},8,tT`,
    duration: wholeSeconds(start, endedAt),
    billsec: answeredAt === undefined ? 0 : wholeSeconds(answeredAt, endedAt),
    disposition,
    amaflags: 3,
    accountcode: caller.accountCode,
    uniqueid: caller.uniqueid,
    userfield: '',
    did: '',
    recordingfile: leg.recordingFile ?? '',
    cnum: caller.callerNum,
    cnam: caller.callerName,
    outbound_cnum: '',
    outbound_cnam: '',
    dst_cnam: callee?.callerName ?? '',
    linkedid: caller.linkedid,
    peeraccount: '',
    sequence,
  };
}

function cdrTime(date: Date | undefined): string {
  if (!date) return '';
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Emits the cdr_manager `Cdr` event and hands the row to CDR writers. A record that used the
 * party A's chain closes it: the channel's next record begins now.
 */
export function emitCdr(world: World, leg: CdrLeg, disposition: string): CdrRecord {
  const now = world.clock.now();
  const record = buildCdrRecord(leg, disposition, now, world.cdrSequence++);
  const answered = answerTimeOf(leg, record.calldate.getTime(), now);
  if (leg.start === undefined) leg.caller.cdrStart = now;
  world.emit('Cdr', 'cdr', {
    AccountCode: record.accountcode,
    Source: record.src,
    Destination: record.dst,
    DestinationContext: record.dcontext,
    CallerID: record.clid,
    Channel: record.channel,
    DestinationChannel: record.dstchannel,
    LastApplication: record.lastapp,
    LastData: record.lastdata,
    StartTime: cdrTime(record.calldate),
    AnswerTime: cdrTime(answered === undefined ? undefined : new Date(answered)),
    EndTime: cdrTime(new Date(world.clock.now())),
    Duration: String(record.duration),
    BillableSeconds: String(record.billsec),
    Disposition: record.disposition,
    AMAFlags: 'DOCUMENTATION',
    UniqueID: record.uniqueid,
    UserField: record.userfield,
  });
  for (const listener of world.cdrListeners) listener(record);
  return record;
}
