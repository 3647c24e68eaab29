import type { AmiMessage } from '../pbx/ami/codec';
import type { CdrRow } from './cdr-row';

/** AMI times are the PBX's local wall clock without a zone; read as UTC so differences stay exact. */
function parseAmiTime(value: string | undefined): Date {
  return new Date(`${(value ?? '').replace(' ', 'T')}Z`);
}

/** `"Ext 1001" <1001>` → name and number, as cdr_adaptive_odbc splits them into cnam/cnum. */
function splitCallerId(clid: string): { name: string; number: string } {
  const match = /^"?([^"<]*?)"?\s*<([^>]*)>$/.exec(clid.trim());
  return match ? { name: match[1] ?? '', number: match[2] ?? '' } : { name: '', number: clid.trim() };
}

/**
 * Uniqueid → Linkedid from the channel events of the same stream: cdr_manager's Cdr event
 * carries no LinkedID header (the captures prove it), so the grouping key comes from there.
 */
export function linkedIdsFromEvents(messages: readonly AmiMessage[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const message of messages) {
    const uniqueid = message.get('Uniqueid');
    const linkedid = message.get('Linkedid');
    if (uniqueid && linkedid && !map.has(uniqueid)) map.set(uniqueid, linkedid);
  }
  return map;
}

/** An AMI `Event: Cdr` as the row cdr_adaptive_odbc writes; calldate is StartTime. */
export function cdrRowFromEvent(message: AmiMessage, linkedIds: ReadonlyMap<string, string> = new Map()): CdrRow {
  const text = (key: string): string => message.get(key) ?? '';
  const clid = text('CallerID');
  const caller = splitCallerId(clid);
  const uniqueid = text('UniqueID');
  return {
    calldate: parseAmiTime(message.get('StartTime')),
    clid,
    src: text('Source'),
    dst: text('Destination'),
    dcontext: text('DestinationContext'),
    channel: text('Channel'),
    dstchannel: text('DestinationChannel'),
    lastapp: text('LastApplication'),
    lastdata: text('LastData'),
    duration: Number(text('Duration')) || 0,
    billsec: Number(text('BillableSeconds')) || 0,
    disposition: text('Disposition'),
    // The event spells AMA flags as words; the column holds Asterisk's number (3 = DOCUMENTATION).
    amaflags: ({ OMIT: 1, BILLING: 2, DOCUMENTATION: 3 } as Record<string, number>)[text('AMAFlags')] ?? 0,
    accountcode: text('AccountCode'),
    uniqueid,
    userfield: text('UserField'),
    did: '',
    recordingfile: '',
    cnum: caller.number,
    cnam: caller.name,
    outbound_cnum: '',
    outbound_cnam: '',
    dst_cnam: '',
    linkedid: linkedIds.get(uniqueid) ?? text('LinkedID'),
    peeraccount: '',
    sequence: 0,
  };
}
