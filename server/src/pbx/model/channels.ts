/**
 * Live channels by Uniqueid, with the links between them that calls are derived from:
 * bridges, pending/answered dials, Local channel halves, hold and ChanSpy.
 * Only facts from the event stream live here; interpretation is in relations.ts/calls.ts.
 */
import type { AmiMessage } from '../ami/codec';
import type { Clock } from '../../lib/clock';
import type { DirtySet } from './dirty';
import { channelId, int, parseChannelName, text, uniqueidEpochMs } from './fields';
import type { ChannelName } from './fields';

/** Far above any real PBX; stops a broken peer from growing the model without bound. */
const MAX_CHANNELS = 100_000;

export interface SpyLink {
  targetUniqueid?: string;
  /** Raw ChanSpy options, e.g. "qEuw", when the stream told us (OriginateResponse, Newexten, CoreShowChannel). */
  options?: string;
}

export interface ChannelRecord {
  uniqueid: string;
  linkedid: string;
  name: string;
  parsed: ChannelName | undefined;
  /** Asterisk ChannelState: 0 Down, 4 Ring, 5 Ringing, 6 Up, ... */
  state: number;
  callerNum?: string;
  callerName?: string;
  connectedNum?: string;
  context?: string;
  exten?: string;
  application?: string;
  appData?: string;
  bridgeId?: string;
  createdAt: number;
  /**
   * True when the phone itself started this channel (first seen ringing inbound, state 4 Ring).
   * Only such channels carry the phone's own caller ID: an Originate or a dialled leg carries
   * whatever caller ID the originator chose, which must never become the extension's name.
   */
  placedByDevice: boolean;
  /** The channel that dialled this one, while ringing or answered but not yet bridged. */
  dialedBy?: { uniqueid: string; answered: boolean };
  /** Set by Hold on this channel: the channels that were bridged with it and now hear MOH. */
  holding?: string[];
  hearingMoh: boolean;
  spy?: SpyLink;
  /** Queue this channel was connected through (AgentConnect / QueueCallerLeave). */
  viaQueue?: string;
}

export class ChannelTable {
  readonly byId = new Map<string, ChannelRecord>();
  readonly bridges = new Map<string, Set<string>>();
  /** Linkedid -> Uniqueids, so a call is found without scanning every channel. */
  readonly byLinkedid = new Map<string, Set<string>>();
  /** Linkedid -> epoch ms when two of its legs were first bridged. */
  readonly answeredAt = new Map<string, number>();
  /** Channels that have spied on someone; few, so calls need not scan every channel for spies. */
  readonly spyerIds = new Set<string>();
  /** ChanSpy options seen before the spy channel itself (OriginateResponse order varies). */
  private readonly pendingSpyOptions = new Map<string, string>();

  constructor(
    private readonly dirty: DirtySet,
    private readonly clock: Clock,
  ) {}

  get(uniqueid: string | undefined): ChannelRecord | undefined {
    return uniqueid === undefined ? undefined : this.byId.get(uniqueid);
  }

  /** Creates or refreshes a channel from the standard snapshot fields (prefix e.g. "Dest"). */
  upsert(msg: AmiMessage, prefix = ''): ChannelRecord | undefined {
    const uniqueid = channelId(msg, `${prefix}Uniqueid`);
    const name = text(msg, `${prefix}Channel`);
    if (uniqueid === undefined || name === undefined) return undefined;
    const linkedid = channelId(msg, `${prefix}Linkedid`) ?? uniqueid;
    let channel = this.byId.get(uniqueid);
    if (!channel) {
      if (this.byId.size >= MAX_CHANNELS) return undefined;
      channel = {
        uniqueid,
        linkedid,
        name,
        parsed: parseChannelName(name),
        state: 0,
        placedByDevice: int(msg, `${prefix}ChannelState`) === 4 && text(msg, 'Event') === 'Newchannel',
        createdAt: uniqueidEpochMs(uniqueid) ?? this.clock.now(),
        hearingMoh: false,
      };
      this.byId.set(uniqueid, channel);
      this.index(channel);
      const options = this.pendingSpyOptions.get(uniqueid);
      if (options !== undefined) {
        channel.spy = { options };
        this.pendingSpyOptions.delete(uniqueid);
      }
    } else if (channel.linkedid !== linkedid) {
      this.unindex(channel);
      channel.linkedid = linkedid;
      this.index(channel);
    }
    if (channel.name !== name) {
      channel.name = name;
      channel.parsed = parseChannelName(name);
    }
    const state = int(msg, `${prefix}ChannelState`);
    if (state !== undefined && state >= 0 && state <= 10) {
      // A dialled channel going Up is the answer; the caller's own Up may be an Answer() in dialplan.
      if (state === 6 && channel.state !== 6 && channel.dialedBy && !this.answeredAt.has(channel.linkedid)) {
        this.answeredAt.set(channel.linkedid, this.clock.now());
      }
      channel.state = state;
    }
    channel.callerNum = text(msg, `${prefix}CallerIDNum`) ?? channel.callerNum;
    channel.callerName = text(msg, `${prefix}CallerIDName`) ?? channel.callerName;
    channel.connectedNum = text(msg, `${prefix}ConnectedLineNum`) ?? channel.connectedNum;
    channel.context = text(msg, `${prefix}Context`) ?? channel.context;
    channel.exten = text(msg, `${prefix}Exten`) ?? channel.exten;
    this.dirty.calls.add(channel.linkedid);
    return channel;
  }

  hangup(msg: AmiMessage): void {
    const channel = this.get(channelId(msg, 'Uniqueid'));
    if (channel) this.remove(channel);
  }

  remove(channel: ChannelRecord): void {
    const neighbours = this.near(channel);
    this.leaveBridge(channel);
    this.byId.delete(channel.uniqueid);
    this.spyerIds.delete(channel.uniqueid);
    this.unindex(channel);
    this.dirty.calls.add(channel.linkedid);
    for (const other of neighbours) {
      if (other.dialedBy?.uniqueid === channel.uniqueid) other.dialedBy = undefined;
      if (other.holding?.includes(channel.uniqueid)) {
        other.holding = other.holding.filter((id) => id !== channel.uniqueid);
        this.dirty.calls.add(other.linkedid);
      }
    }
    for (const id of this.spyerIds) {
      const spyer = this.byId.get(id);
      if (spyer?.spy?.targetUniqueid !== channel.uniqueid) continue;
      spyer.spy = { ...spyer.spy, targetUniqueid: undefined };
      this.dirty.calls.add(spyer.linkedid);
    }
    if (!this.byLinkedid.has(channel.linkedid)) this.answeredAt.delete(channel.linkedid);
  }

  /**
   * Channels that can hold a link to `channel`: its own call (dials and Local halves inherit
   * the Linkedid) and its bridge peers. Keeps per-event work independent of the PBX size.
   */
  near(channel: ChannelRecord): ChannelRecord[] {
    const ids = new Set(this.byLinkedid.get(channel.linkedid));
    if (channel.bridgeId !== undefined) for (const id of this.bridges.get(channel.bridgeId) ?? []) ids.add(id);
    for (const id of channel.holding ?? []) ids.add(id);
    const dialer = channel.dialedBy?.uniqueid;
    if (dialer !== undefined) ids.add(dialer);
    ids.delete(channel.uniqueid);
    const out: ChannelRecord[] = [];
    for (const id of ids) {
      const other = this.byId.get(id);
      if (other) out.push(other);
    }
    return out;
  }

  newexten(msg: AmiMessage): void {
    const channel = this.upsert(msg);
    if (!channel) return;
    const application = text(msg, 'Application');
    if (application === undefined) return;
    channel.application = application;
    channel.appData = text(msg, 'AppData');
    if (application.toLowerCase() === 'chanspy') {
      channel.spy = { ...channel.spy, options: spyOptionsOf(channel.appData) };
    }
  }

  dialBegin(msg: AmiMessage): void {
    const caller = this.upsert(msg);
    const dest = this.upsert(msg, 'Dest');
    // An Originate's first leg has no caller: the destination simply rings on its own.
    if (dest && caller) dest.dialedBy = { uniqueid: caller.uniqueid, answered: false };
  }

  dialEnd(msg: AmiMessage): void {
    this.upsert(msg);
    const dest = this.upsert(msg, 'Dest');
    if (!dest?.dialedBy) return;
    if (text(msg, 'DialStatus') === 'ANSWER') dest.dialedBy.answered = true;
    else dest.dialedBy = undefined;
  }

  bridgeEnter(msg: AmiMessage): void {
    const bridgeId = text(msg, 'BridgeUniqueid');
    const channel = this.upsert(msg);
    if (!channel || bridgeId === undefined) return;
    this.joinBridge(channel, bridgeId);
  }

  joinBridge(channel: ChannelRecord, bridgeId: string): void {
    if (channel.bridgeId !== undefined && channel.bridgeId !== bridgeId) this.leaveBridge(channel);
    channel.bridgeId = bridgeId;
    let members = this.bridges.get(bridgeId);
    if (!members) this.bridges.set(bridgeId, (members = new Set()));
    members.add(channel.uniqueid);
    // Once bridged, a dial has done its job; keeping it would link parties twice.
    if (channel.dialedBy?.answered) channel.dialedBy = undefined;
    for (const other of this.near(channel)) {
      if (other.dialedBy?.uniqueid === channel.uniqueid && other.dialedBy.answered) other.dialedBy = undefined;
    }
    if (members.size >= 2 && !this.answeredAt.has(channel.linkedid)) {
      this.answeredAt.set(channel.linkedid, this.clock.now());
    }
    for (const id of members) this.markCallOf(id);
  }

  bridgeLeave(msg: AmiMessage): void {
    const channel = this.upsert(msg);
    if (channel) this.leaveBridge(channel);
  }

  private leaveBridge(channel: ChannelRecord): void {
    const bridgeId = channel.bridgeId;
    if (bridgeId === undefined) return;
    channel.bridgeId = undefined;
    const members = this.bridges.get(bridgeId);
    if (!members) return;
    members.delete(channel.uniqueid);
    for (const id of members) this.markCallOf(id);
  }

  bridgeDestroy(msg: AmiMessage): void {
    const bridgeId = text(msg, 'BridgeUniqueid');
    const members = bridgeId === undefined ? undefined : this.bridges.get(bridgeId);
    if (!members || bridgeId === undefined) return;
    for (const id of members) {
      const channel = this.byId.get(id);
      if (channel?.bridgeId === bridgeId) channel.bridgeId = undefined;
      this.markCallOf(id);
    }
    this.bridges.delete(bridgeId);
  }

  bridgeMerge(msg: AmiMessage): void {
    const from = text(msg, 'FromBridgeUniqueid');
    const to = text(msg, 'ToBridgeUniqueid');
    const members = from === undefined ? undefined : this.bridges.get(from);
    if (!members || from === undefined || to === undefined || from === to) return;
    for (const id of [...members]) {
      const channel = this.byId.get(id);
      if (channel) this.joinBridge(channel, to);
    }
    this.bridges.delete(from);
  }

  hold(msg: AmiMessage): void {
    const channel = this.upsert(msg);
    if (!channel) return;
    const peers = channel.bridgeId === undefined ? undefined : this.bridges.get(channel.bridgeId);
    channel.holding = peers ? [...peers].filter((id) => id !== channel.uniqueid) : [];
  }

  unhold(msg: AmiMessage): void {
    const channel = this.upsert(msg);
    // A REFER is preceded by an Unhold without Hold (see the captures): nothing to undo then.
    if (channel) channel.holding = undefined;
  }

  musicOnHold(msg: AmiMessage, playing: boolean): void {
    const channel = this.upsert(msg);
    if (!channel) return;
    channel.hearingMoh = playing;
    if (playing) return;
    for (const other of this.near(channel)) {
      if (other.holding?.includes(channel.uniqueid)) {
        other.holding = other.holding.filter((id) => id !== channel.uniqueid);
        this.markCallOf(other.uniqueid);
      }
    }
  }

  spyStart(msg: AmiMessage): void {
    const spyer = this.upsert(msg, 'Spyer');
    const spyee = this.upsert(msg, 'Spyee');
    if (!spyer) return;
    spyer.spy = { ...spyer.spy, targetUniqueid: spyee?.uniqueid };
    this.spyerIds.add(spyer.uniqueid);
    if (spyee) this.markCallOf(spyee.uniqueid);
  }

  spyStop(msg: AmiMessage): void {
    const spyer = this.upsert(msg, 'Spyer');
    const target = spyer?.spy?.targetUniqueid;
    if (!spyer?.spy) return;
    spyer.spy = { ...spyer.spy, targetUniqueid: undefined };
    if (target !== undefined) this.markCallOf(target);
  }

  /** OriginateResponse of `Application: ChanSpy` carries the options the spy runs with. */
  originateResponse(msg: AmiMessage): void {
    if (text(msg, 'Application')?.toLowerCase() !== 'chanspy') return;
    const uniqueid = channelId(msg, 'Uniqueid');
    if (uniqueid === undefined) return;
    const options = spyOptionsOf(text(msg, 'Data'));
    if (options === undefined) return;
    const channel = this.byId.get(uniqueid);
    if (channel) {
      channel.spy = { ...channel.spy, options };
      this.markCallOf(uniqueid);
    } else if (this.pendingSpyOptions.size < 100) {
      this.pendingSpyOptions.set(uniqueid, options);
    }
  }

  setViaQueue(msg: AmiMessage): void {
    const channel = this.upsert(msg);
    const queue = text(msg, 'Queue');
    if (channel && queue !== undefined) channel.viaQueue = queue;
  }

  /** After a resync: calls that were already answered keep their answer time. */
  adoptAnswerTimes(from: ChannelTable): void {
    for (const linkedid of this.answeredAt.keys()) {
      const before = from.answeredAt.get(linkedid);
      if (before !== undefined) this.answeredAt.set(linkedid, before);
    }
  }

  markCallOf(uniqueid: string): void {
    const channel = this.byId.get(uniqueid);
    if (channel) this.dirty.calls.add(channel.linkedid);
  }

  private index(channel: ChannelRecord): void {
    let ids = this.byLinkedid.get(channel.linkedid);
    if (!ids) this.byLinkedid.set(channel.linkedid, (ids = new Set()));
    ids.add(channel.uniqueid);
  }

  private unindex(channel: ChannelRecord): void {
    const ids = this.byLinkedid.get(channel.linkedid);
    if (!ids) return;
    ids.delete(channel.uniqueid);
    if (ids.size === 0) this.byLinkedid.delete(channel.linkedid);
    this.dirty.calls.add(channel.linkedid);
  }
}

/** `PJSIP/1001-00000045,qEuw` -> `qEuw`. */
export function spyOptionsOf(data: string | undefined): string | undefined {
  if (data === undefined) return undefined;
  const comma = data.indexOf(',');
  return comma === -1 ? '' : data.slice(comma + 1).trim();
}

export function spyTargetArgument(data: string | undefined): string | undefined {
  if (data === undefined) return undefined;
  const target = data.split(',')[0]?.trim();
  return target === undefined || target === '' ? undefined : target;
}
