/** One row of FreePBX's asteriskcdrdb.cdr (the columns of the simulator's CDR_TABLE_SQL): one leg of a call. */
export interface CdrRow {
  calldate: Date;
  clid: string;
  src: string;
  dst: string;
  dcontext: string;
  channel: string;
  dstchannel: string;
  lastapp: string;
  lastdata: string;
  duration: number;
  billsec: number;
  disposition: string;
  amaflags: number;
  accountcode: string;
  uniqueid: string;
  userfield: string;
  did: string;
  recordingfile: string;
  cnum: string;
  cnam: string;
  outbound_cnum: string;
  outbound_cnam: string;
  dst_cnam: string;
  linkedid: string;
  peeraccount: string;
  sequence: number;
}

/** FreePBX's cdr columns in table order: what the simulator writes and the call log reads. */
export const CDR_COLUMNS = [
  'calldate', 'clid', 'src', 'dst', 'dcontext', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'duration', 'billsec',
  'disposition', 'amaflags', 'accountcode', 'uniqueid', 'userfield', 'did', 'recordingfile', 'cnum', 'cnam',
  'outbound_cnum', 'outbound_cnam', 'dst_cnam', 'linkedid', 'peeraccount', 'sequence',
] as const satisfies ReadonlyArray<keyof CdrRow>;
