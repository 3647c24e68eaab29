import type { CdrRow } from '../src/history/cdr-row';
import type { SimChannel } from './channel';
import type { World } from './world';

/** One row of FreePBX's asteriskcdrdb.cdr, one per call leg: the same row the call log reads. */
export type CdrRecord = CdrRow;

export interface CdrLeg {
  caller: SimChannel;
  callee: SimChannel | undefined;
  dialString: string;
  lastApp?: string;
  lastData?: string;
  recordingFile?: string;
}

let sequence = 0;

/** Builds the row for a finished leg; times come from the channels and the world clock. */
export function buildCdrRecord(leg: CdrLeg, disposition: string, endedAt: number): CdrRecord {
  const { caller, callee } = leg;
  const answeredAt = callee?.answeredAt;
  return {
    calldate: new Date(caller.createdAt),
    clid: `"${caller.callerName}" <${caller.callerNum}>`,
    src: caller.callerNum,
    dst: leg.dialString,
    dcontext: caller.context,
    channel: caller.name,
    dstchannel: callee?.name ?? '',
    lastapp: leg.lastApp ?? 'Dial',
    lastdata: leg.lastData ?? `PJSIP/${leg.dialString},8,tT`,
    duration: Math.max(0, Math.round((endedAt - caller.createdAt) / 1000)),
    billsec: answeredAt === undefined ? 0 : Math.max(0, Math.round((endedAt - answeredAt) / 1000)),
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
    sequence: sequence++,
  };
}

function cdrTime(date: Date | undefined): string {
  if (!date) return '';
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Emits the cdr_manager `Cdr` event and hands the row to CDR writers. */
export function emitCdr(world: World, leg: CdrLeg, disposition: string): CdrRecord {
  const record = buildCdrRecord(leg, disposition, world.clock.now());
  const answered = leg.callee?.answeredAt;
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
