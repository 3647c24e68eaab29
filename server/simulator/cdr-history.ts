import { seededRandom } from '../src/lib/seeded-random';
import { SimChannel } from './channel';
import { buildCdrRecord, type CdrLeg, type CdrRecord } from './cdr-records';

/**
 * Past calls for the demo's call log and the call-log benchmark: days of an office's CDR rows,
 * the same seed giving the same rows. Each leg is a SimChannel handed to the simulator's own
 * buildCdrRecord, so clid, lastdata, amaflags and the rest have the live simulator's shape; where
 * the real Asterisk captures show more than the simulator writes (a row per ringing queue member,
 * Local ;2 legs, the Hangup row after BUSY, a fresh row after a blind transfer) the captures win.
 */

export type HistoryCallShape =
  | 'internal-answered'
  | 'internal-busy'
  | 'internal-no-answer'
  | 'internal-voicemail'
  | 'inbound-direct'
  | 'inbound-transfer'
  | 'queue-answered'
  | 'queue-abandoned'
  | 'outbound-answered'
  | 'outbound-no-answer'
  | 'outbound-busy';

export interface HistoryQueue {
  /** The number callers dial (FreePBX's queue extension, the CDR's dst). */
  number: string;
  /** Member extensions; they ring as FreePBX's Local/<ext>@from-queue/n members do. */
  members: readonly string[];
}

export interface CdrHistoryOptions {
  /** Midnight (UTC) of the first day generated. */
  from: Date;
  days: number;
  /** Average calls on a weekday; Saturdays get about a sixth of that, Sundays less. */
  callsPerWeekday: number;
  seed?: number;
  /** Extension → person (the demo company); every extension makes and takes calls. */
  names: Readonly<Record<string, string>>;
  /** Queue name → its number and members. */
  queues: Readonly<Record<string, HistoryQueue>>;
  /** The company's DIDs; inbound calls arrive on one of them. */
  dids: readonly string[];
  /** Extension that takes direct inbound calls (reception). */
  reception: string;
  /** Trunk endpoint name, as in PJSIP/<trunk>-0000001a. */
  trunk?: string;
  /** Share of answered calls that are recorded (FreePBX's recordingfile). */
  recordingRate?: number;
  /** Every Nth recording is stored as wav49 (GSM in WAV, `.WAV`); 0 = never. */
  wav49Every?: number;
  /** First uniqueid sequence number and channel suffix (a live PBX continues from there). */
  firstSequence?: number;
}

export interface HistoryCall {
  shape: HistoryCallShape;
  /** The call's legs in the order Asterisk writes them; linkedid is the first leg's uniqueid. */
  rows: CdrRecord[];
}

/** Relative weight of each hour of a weekday (0-23, UTC): busy mornings, a lunch dip, a quieter afternoon. */
const HOUR_WEIGHTS = [0, 0, 0, 0, 0, 0, 0.1, 0.5, 2.2, 3.4, 3.6, 3.0, 1.4, 1.6, 2.6, 2.5, 2.0, 1.1, 0.4, 0.15, 0.1, 0.05, 0, 0];
const WEEKDAY_FACTOR = [0.08, 1, 1.05, 1, 0.95, 0.85, 0.15]; // Sunday .. Saturday

const SHAPE_WEIGHTS: ReadonlyArray<[HistoryCallShape, number]> = [
  ['queue-answered', 30],
  ['queue-abandoned', 6],
  ['internal-answered', 17],
  ['internal-busy', 3],
  ['internal-no-answer', 4],
  ['internal-voicemail', 5],
  ['inbound-direct', 9],
  ['inbound-transfer', 4],
  ['outbound-answered', 15],
  ['outbound-no-answer', 5],
  ['outbound-busy', 2],
];

/** Dial(PJSIP/<ext>,8,tT) in the simulator's dialplan: an unanswered phone rings 8 s. */
const RING_TIMEOUT_S = 8;

/** One generator run: the PRNG, the id counters and the row builders per call shape. */
class HistoryWriter {
  private readonly random: () => number;
  private sequence: number;
  private rowSequence = 0;
  private recordings = 0;
  private readonly extensions: string[];
  private readonly trunk: string;

  constructor(private readonly options: CdrHistoryOptions) {
    this.random = seededRandom(options.seed ?? 1);
    this.sequence = options.firstSequence ?? 1;
    this.extensions = Object.keys(options.names).filter((ext) => ext !== options.reception);
    this.trunk = options.trunk ?? 'trunk';
  }

  between(lo: number, hi: number): number {
    return Math.round(lo + this.random() * (hi - lo));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  shape(): HistoryCallShape {
    const total = SHAPE_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.random() * total;
    for (const [shape, weight] of SHAPE_WEIGHTS) {
      roll -= weight;
      if (roll < 0) return shape;
    }
    return 'internal-answered';
  }

  /** A channel as the world would create it: `<prefix>-<8 hex>`, uniqueid `<epoch>.<seq>`. */
  channel(prefix: string, at: number, party: { num: string; name: string; context: string; exten: string }, linkedid?: string): SimChannel {
    const seq = this.sequence++;
    const uniqueid = `${Math.floor(at / 1000)}.${seq}`;
    return new SimChannel(`${prefix}-${seq.toString(16).padStart(8, '0')}`, uniqueid, linkedid ?? uniqueid, {
      state: 6,
      callerNum: party.num,
      callerName: party.name,
      context: party.context,
      exten: party.exten,
      now: at,
    });
  }

  phone(ext: string, at: number, linkedid: string, context = 'from-internal'): SimChannel {
    return this.channel(`PJSIP/${ext}`, at, { num: ext, name: this.options.names[ext] ?? ext, context, exten: ext }, linkedid);
  }

  outsideNumber(): string {
    return `06${String(this.between(10_000_000, 99_999_999))}`;
  }

  otherExtension(than: string): string {
    const others = this.extensions.filter((ext) => ext !== than);
    return this.pick(others);
  }

  /** FreePBX's name: `<type>-<to>-<from>-YYYYMMDD-HHMMSS-<uniqueid>.<fmt>` (wall clock of the call start). */
  recording(type: 'in' | 'out' | 'exten' | 'q', to: string, from: string, caller: SimChannel): string {
    if (!this.chance(this.options.recordingRate ?? 0.35)) return '';
    const stamp = new Date(caller.createdAt).toISOString();
    const date = stamp.slice(0, 10).replaceAll('-', '');
    const time = stamp.slice(11, 19).replaceAll(':', '');
    const every = this.options.wav49Every ?? 0;
    this.recordings += 1;
    const wav49 = every > 0 && this.recordings % every === 0;
    return `${type}-${to}-${from}-${date}-${time}-${caller.uniqueid}.${wav49 ? 'WAV' : 'wav'}`;
  }

  /** The caller's row for a Dial() to `callee`, ended `endAt`. */
  dialRow(leg: CdrLeg, disposition: string, endAt: number): CdrRecord {
    return buildCdrRecord(leg, disposition, endAt, this.rowSequence++);
  }

  call(shape: HistoryCallShape, at: number): CdrRecord[] {
    switch (shape) {
      case 'internal-answered':
      case 'internal-busy':
      case 'internal-no-answer':
      case 'internal-voicemail':
        return this.internal(shape, at);
      case 'inbound-direct':
        return this.inboundDirect(at);
      case 'inbound-transfer':
        return this.inboundTransfer(at);
      case 'queue-answered':
      case 'queue-abandoned':
        return this.queue(shape === 'queue-answered', at);
      case 'outbound-answered':
      case 'outbound-no-answer':
      case 'outbound-busy':
        return this.outbound(shape, at);
    }
  }

  /**
   * Dial() returned unanswered and the dialplan ran on to Hangup(): a second record without party B
   * from the end of the first (busy and no-answer captures, internal-call.ts afterFailedDial).
   */
  hangupRow(caller: SimChannel, dialString: string, disposition: string, at: number): CdrRecord {
    return this.dialRow({ caller: this.channelAgain(caller, at), callee: undefined, dialString, lastApp: 'Hangup', lastData: '' }, disposition, at);
  }

  /** internal-call.ts: Dial(PJSIP/<to>,8,tT); busy and no answer add the Hangup row; some unanswered calls go to voicemail, as FreePBX's do. */
  internal(shape: HistoryCallShape, at: number): CdrRecord[] {
    const from = this.pick(this.extensions);
    const to = this.otherExtension(from);
    const caller = this.phone(from, at, '');
    caller.linkedid = caller.uniqueid;
    caller.exten = to;
    const callee = this.phone(to, at, caller.linkedid);
    if (shape === 'internal-busy') {
      const end = at + this.between(1, 3) * 1000;
      return [this.dialRow({ caller, callee, dialString: to }, 'BUSY', end), this.hangupRow(caller, to, 'BUSY', end)];
    }
    const ringEnd = at + (shape === 'internal-answered' ? this.between(2, 7) : RING_TIMEOUT_S) * 1000;
    if (shape === 'internal-answered') {
      callee.answeredAt = ringEnd;
      caller.answeredAt = ringEnd;
      const recordingFile = this.recording('exten', to, from, caller);
      return [this.dialRow({ caller, callee, dialString: to, recordingFile }, 'ANSWERED', ringEnd + this.talkMs())];
    }
    const rows = [this.dialRow({ caller, callee, dialString: to }, 'NO ANSWER', ringEnd)];
    if (shape === 'internal-voicemail') {
      // The dialplan answers and runs VoiceMail (application-call.ts's `*<ext>` leg) on the same channel.
      const voicemail = this.channelAgain(caller, ringEnd);
      voicemail.answeredAt = ringEnd;
      const end = ringEnd + this.between(8, 40) * 1000;
      rows.push(this.dialRow({ caller: voicemail, callee: undefined, dialString: to, lastApp: 'VoiceMail', lastData: `${to}@default,u` }, 'ANSWERED', end));
    } else rows.push(this.hangupRow(caller, to, 'NO ANSWER', ringEnd));
    return rows;
  }

  /** A trunk call on a DID straight to reception (scenarios.inbound). */
  inboundDirect(at: number): CdrRecord[] {
    const { caller, did, from } = this.trunkCaller(at, this.options.reception);
    const to = this.options.reception;
    const callee = this.phone(to, at, caller.linkedid);
    const ringEnd = at + this.between(3, 12) * 1000;
    if (this.chance(0.12)) {
      const end = at + RING_TIMEOUT_S * 1000;
      return [{ ...this.dialRow({ caller, callee, dialString: to }, 'NO ANSWER', end), did }, { ...this.hangupRow(caller, to, 'NO ANSWER', end), did }];
    }
    callee.answeredAt = ringEnd;
    caller.answeredAt = ringEnd;
    const recordingFile = this.recording('in', to, from, caller);
    return [{ ...this.dialRow({ caller, callee, dialString: to, recordingFile }, 'ANSWERED', ringEnd + this.talkMs(0.4)), did }];
  }

  /** Reception answers, then blind-transfers the caller (blind-transfer capture: a fresh row from the transfer on). */
  inboundTransfer(at: number): CdrRecord[] {
    const { caller, did, from } = this.trunkCaller(at, this.options.reception);
    const reception = this.options.reception;
    const first = this.phone(reception, at, caller.linkedid);
    first.answeredAt = at + this.between(3, 8) * 1000;
    caller.answeredAt = first.answeredAt;
    const transferAt = first.answeredAt + this.between(10, 45) * 1000;
    const recordingFile = this.recording('in', reception, from, caller);
    const target = this.pick(this.extensions);
    const transferee = this.channelAgain(caller, transferAt);
    transferee.exten = target;
    transferee.answeredAt = caller.answeredAt; // still Up: the new record bills from its start
    const second = this.phone(target, transferAt, caller.linkedid);
    second.answeredAt = transferAt + this.between(2, 6) * 1000;
    return [
      { ...this.dialRow({ caller, callee: first, dialString: reception, recordingFile }, 'ANSWERED', transferAt), did },
      { ...this.dialRow({ caller: transferee, callee: second, dialString: target, recordingFile }, 'ANSWERED', second.answeredAt + this.talkMs()), did },
    ];
  }

  /**
   * A trunk caller in a ringall queue of Local members (queue-answered / queue-abandon captures,
   * local-member.ts): one caller row per member rung (ANSWERED for the one who took it), and each
   * member's Local ;2 half writes its own row for its Dial() to the phone.
   */
  queue(answered: boolean, at: number): CdrRecord[] {
    const names = Object.keys(this.options.queues);
    const queueName = this.pick(names);
    const queue = this.options.queues[queueName];
    if (!queue || queue.members.length === 0) return this.inboundDirect(at);
    const { caller, did, from } = this.trunkCaller(at, queue.number);
    // Queue() answers the caller first, so every caller record bills from its start.
    caller.answeredAt = at;
    // Ringall rings every free member; in an office one to four of them are free at any moment.
    const free = Math.min(queue.members.length, 1 + Math.floor(this.random() * 4));
    const offset = Math.floor(this.random() * queue.members.length);
    const ringing = Array.from({ length: free }, (_, i) => queue.members[(offset + i) % queue.members.length] ?? '');
    const ringStart = at; // members ring as the caller joins: the ring round begins in the same second
    const waitEnd = ringStart + (answered ? this.between(3, 40) : this.between(15, 120)) * 1000;
    const winner = answered ? this.pick(ringing) : undefined;
    const end = winner ? waitEnd + this.talkMs() : waitEnd;
    const recordingFile = winner ? this.recording('q', queue.number, from, caller) : '';
    const rows: CdrRecord[] = [];
    for (const ext of ringing) {
      const won = ext === winner;
      const [localOne, two] = this.localPair(ext, ringStart, caller, queue.number);
      const phone = this.phone(ext, ringStart, caller.linkedid);
      const legEnd = won ? end : waitEnd;
      if (won) {
        localOne.answeredAt = waitEnd;
        phone.answeredAt = waitEnd;
        two.answeredAt = waitEnd; // the ;2 half's own record bills from the phone's answer
      }
      const disposition = won ? 'ANSWERED' : 'NO ANSWER';
      // The caller's record towards each member begins with the ring round (queue-call.ts recordAttempt).
      rows.push({ ...this.dialRow({ caller, callee: localOne, dialString: queue.number, lastApp: 'Queue', lastData: queueName, recordingFile, start: ringStart }, disposition, legEnd), did });
      rows.push(this.dialRow({ caller: two, callee: phone, dialString: ext, lastData: `PJSIP/${ext},,` }, disposition, legEnd));
    }
    return rows;
  }

  /**
   * world.createLocalPair for Local/<ext>@from-queue/n: one suffix, `;1` facing the queue (the
   * member's identity) and `;2` dialling the phone with the caller's identity.
   */
  localPair(ext: string, at: number, caller: SimChannel, queueNumber: string): [SimChannel, SimChannel] {
    const suffix = (this.sequence++).toString(16).padStart(8, '0');
    const name = this.options.names[ext] ?? ext;
    const half = (which: 1 | 2, party: { num: string; name: string; exten: string }): SimChannel =>
      new SimChannel(`Local/${ext}@from-queue-${suffix};${which}`, `${Math.floor(at / 1000)}.${this.sequence++}`, caller.linkedid, {
        state: 6,
        callerNum: party.num,
        callerName: party.name,
        context: 'from-queue',
        exten: party.exten,
        now: at,
      });
    return [half(1, { num: ext, name, exten: queueNumber }), half(2, { num: caller.callerNum, name: caller.callerName, exten: ext })];
  }

  /** An extension dials out on the trunk: Dial(PJSIP/<number>@<trunk>,300,Tt) as FreePBX's outbound routes do. */
  outbound(shape: HistoryCallShape, at: number): CdrRecord[] {
    const from = this.pick(this.extensions);
    const to = this.outsideNumber();
    const caller = this.phone(from, at, '');
    caller.linkedid = caller.uniqueid;
    caller.exten = to;
    const callee = this.channel(`PJSIP/${this.trunk}`, at, { num: to, name: '', context: 'from-trunk', exten: to }, caller.linkedid);
    const lastData = `PJSIP/${to}@${this.trunk},300,Tt`;
    if (shape !== 'outbound-answered') {
      const busy = shape === 'outbound-busy';
      const end = at + (busy ? this.between(2, 6) : this.between(20, 45)) * 1000;
      const disposition = busy ? 'BUSY' : 'NO ANSWER';
      return [this.dialRow({ caller, callee, dialString: to, lastData }, disposition, end), this.hangupRow(caller, to, disposition, end)];
    }
    callee.answeredAt = at + this.between(4, 18) * 1000;
    caller.answeredAt = callee.answeredAt;
    const recordingFile = this.recording('out', to, from, caller);
    return [this.dialRow({ caller, callee, dialString: to, lastData, recordingFile }, 'ANSWERED', callee.answeredAt + this.talkMs())];
  }

  /** An outside caller on the trunk, for one of the company's DIDs (FreePBX fills `did` on every row of the call). */
  trunkCaller(at: number, exten: string): { caller: SimChannel; did: string; from: string } {
    const from = this.outsideNumber();
    const caller = this.channel(`PJSIP/${this.trunk}`, at, { num: from, name: from, context: 'from-trunk', exten });
    return { caller, did: this.pick(this.options.dids), from };
  }

  /** The same channel starting a new CDR (after BUSY, voicemail, a transfer): same name and uniqueid, new start. */
  channelAgain(channel: SimChannel, at: number): SimChannel {
    const { callerNum, callerName, context, exten } = channel;
    return new SimChannel(channel.name, channel.uniqueid, channel.linkedid, { state: 6, callerNum, callerName, context, exten, now: at });
  }

  /** Talk time: mostly one to five minutes, a few long ones. */
  talkMs(scale = 1): number {
    const minutes = -Math.log(1 - this.random()) * 2.6 * scale;
    return Math.round(Math.min(45, Math.max(0.25, minutes)) * 60) * 1000;
  }

  /** The day's call start times, in order. */
  startsOfDay(dayStart: number): number[] {
    const weekday = new Date(dayStart).getUTCDay();
    const expected = this.options.callsPerWeekday * (WEEKDAY_FACTOR[weekday] ?? 1) * (0.85 + 0.3 * this.random());
    const count = Math.round(expected);
    const total = HOUR_WEIGHTS.reduce((sum, w) => sum + w, 0);
    const starts: number[] = [];
    for (let i = 0; i < count; i += 1) {
      let roll = this.random() * total;
      let hour = 0;
      while (hour < 23 && roll >= (HOUR_WEIGHTS[hour] ?? 0)) roll -= HOUR_WEIGHTS[hour++] ?? 0;
      starts.push(dayStart + hour * 3_600_000 + Math.floor(this.random() * 3600) * 1000);
    }
    return starts.sort((a, b) => a - b);
  }
}

/**
 * Days of past calls in start order, one call at a time (a million rows never sit in memory).
 * Deterministic for a seed: the same options give the same rows, ids and file names.
 */
export function* generateCdrHistory(options: CdrHistoryOptions): Generator<HistoryCall> {
  const writer = new HistoryWriter(options);
  const first = Date.UTC(options.from.getUTCFullYear(), options.from.getUTCMonth(), options.from.getUTCDate());
  for (let day = 0; day < options.days; day += 1) {
    for (const at of writer.startsOfDay(first + day * 86_400_000)) {
      const shape = writer.shape();
      yield { shape, rows: writer.call(shape, at) };
    }
  }
}
