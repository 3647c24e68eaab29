/**
 * The live PBX state: pure and synchronous. `apply()` takes one AMI message, updates the
 * stores, rebuilds only the views it touched and tells listeners what changed.
 * Unknown events are ignored; malformed fields are skipped field by field (see fields.ts).
 */
import type { CallView, ExtensionView, ModelChange, PbxSnapshot, QueueView } from '@ondeck/shared';
import type { AmiMessage } from '../ami/codec';
import { buildCall, extensionOf } from './calls';
import { ChannelTable, spyOptionsOf, spyTargetArgument, type ChannelRecord } from './channels';
import { DirtySet } from './dirty';
import { ExtensionStore, isExtensionNumber, safeName } from './extensions';
import { systemClock, type Clock } from '../../lib/clock';
import { channelId, text } from './fields';
import { QueueStore } from './queues';
import { ChannelGraph, isLocal } from './relations';

export interface PbxModelOptions {
  /** Clock for answer/join times; injectable so tests are deterministic. */
  clock?: Clock;
  /** Display names from FreePBX (users table); AMI names are used when it returns undefined. */
  nameSource?: (extension: string) => string | undefined;
  /** Where a throwing listener is reported (it never stops the model or the other listeners). */
  logger?: { error(details: object, message: string): void };
}

export type ModelListener = (change: ModelChange) => void;

interface State {
  dirty: DirtySet;
  channels: ChannelTable;
  extensions: ExtensionStore;
  queues: QueueStore;
}

type Handler = (state: State, msg: AmiMessage) => void;

const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['newchannel', (s, m) => s.channels.upsert(m)],
  ['newstate', (s, m) => s.channels.upsert(m)],
  ['newcallerid', (s, m) => s.channels.upsert(m)],
  ['newconnectedline', (s, m) => s.channels.upsert(m)],
  ['newexten', (s, m) => s.channels.newexten(m)],
  ['hangup', (s, m) => hangup(s, m)],
  ['dialbegin', (s, m) => s.channels.dialBegin(m)],
  ['dialend', (s, m) => s.channels.dialEnd(m)],
  ['bridgeenter', (s, m) => s.channels.bridgeEnter(m)],
  ['bridgeleave', (s, m) => s.channels.bridgeLeave(m)],
  ['bridgedestroy', (s, m) => s.channels.bridgeDestroy(m)],
  ['bridgemerge', (s, m) => s.channels.bridgeMerge(m)],
  ['hold', (s, m) => s.channels.hold(m)],
  ['unhold', (s, m) => s.channels.unhold(m)],
  ['musiconholdstart', (s, m) => s.channels.musicOnHold(m, true)],
  ['musiconholdstop', (s, m) => s.channels.musicOnHold(m, false)],
  ['chanspystart', (s, m) => s.channels.spyStart(m)],
  ['chanspystop', (s, m) => s.channels.spyStop(m)],
  ['originateresponse', (s, m) => s.channels.originateResponse(m)],
  ['coreshowchannel', (s, m) => coreShowChannel(s, m)],
  ['status', (s, m) => channelStatus(s, m)],
  ['confbridgejoin', (s, m) => conference(s, m, true)],
  ['confbridgeleave', (s, m) => conference(s, m, false)],
  ['devicestatechange', (s, m) => s.extensions.deviceStateChange(m)],
  ['extensionstatus', (s, m) => s.extensions.extensionStatus(m)],
  ['endpointlist', (s, m) => s.extensions.endpointList(m)],
  ['contactstatus', (s, m) => s.extensions.contactStatus(m)],
  ['queueparams', (s, m) => s.queues.params(m)],
  ['queuemember', (s, m) => s.queues.member(m, true)],
  ['queuememberstatus', (s, m) => s.queues.member(m)],
  ['queuememberadded', (s, m) => s.queues.member(m)],
  ['queuememberpause', (s, m) => s.queues.member(m)],
  ['queuememberpaused', (s, m) => s.queues.member(m)],
  ['queuememberremoved', (s, m) => s.queues.memberRemoved(m)],
  ['queueentry', (s, m) => queueCallerJoin(s, m, false)],
  ['queuecallerjoin', (s, m) => queueCallerJoin(s, m, true)],
  ['queuecallerleave', (s, m) => queueCallerLeave(s, m, false)],
  ['queuecallerabandon', (s, m) => queueCallerLeave(s, m, true)],
  ['agentconnect', (s, m) => agentConnect(s, m)],
  ['agentcomplete', (s, m) => s.queues.agentInCall(m, false)],
]);

function hangup(state: State, msg: AmiMessage): void {
  const uniqueid = channelId(msg, 'Uniqueid');
  state.channels.hangup(msg);
  if (uniqueid !== undefined) state.queues.forgetCaller(uniqueid);
}

function agentConnect(state: State, msg: AmiMessage): void {
  state.queues.agentInCall(msg, true);
  state.channels.setViaQueue(msg);
}

function queueCallerJoin(state: State, msg: AmiMessage, live: boolean): void {
  state.queues.callerJoin(msg, live);
  // QueueEntry carries only Channel/Uniqueid; it must not invent a channel with a wrong Linkedid.
  const uniqueid = channelId(msg, 'Uniqueid');
  if (msg.has('Linkedid')) state.channels.upsert(msg);
  else if (uniqueid !== undefined) state.channels.markCallOf(uniqueid);
}

function queueCallerLeave(state: State, msg: AmiMessage, abandoned: boolean): void {
  state.queues.callerLeave(msg, abandoned);
  if (!abandoned) state.channels.setViaQueue(msg);
  else state.channels.upsert(msg);
}

/** CoreShowChannel (resync): the snapshot plus the bridge and the running application. */
function coreShowChannel(state: State, msg: AmiMessage): void {
  const channel = state.channels.upsert(msg);
  if (!channel) return;
  channel.application = text(msg, 'Application') ?? channel.application;
  channel.appData = text(msg, 'ApplicationData') ?? channel.appData;
  const bridgeId = text(msg, 'BridgeId');
  if (bridgeId !== undefined) state.channels.joinBridge(channel, bridgeId);
  if (channel.application?.toLowerCase() === 'chanspy') {
    channel.spy = { ...channel.spy, options: spyOptionsOf(channel.appData) };
  }
}

/**
 * Status (one channel, asked by the service): what the channel runs now. OnDeck's AMI user
 * does not read the dialplan class, so Newexten never arrives in production: a call answered
 * by the dialplan (voicemail, IVR) learns its application from here or from CoreShowChannel.
 */
function channelStatus(state: State, msg: AmiMessage): void {
  const channel = state.channels.upsert(msg);
  if (!channel) return;
  channel.application = text(msg, 'Application');
  channel.appData = text(msg, 'Data');
}

/** ConfbridgeJoin/Leave are call-class events: the conference is known without asking. */
function conference(state: State, msg: AmiMessage, joined: boolean): void {
  const channel = state.channels.upsert(msg);
  if (!channel) return;
  if (joined) {
    channel.application = 'ConfBridge';
    channel.appData = text(msg, 'Conference');
  } else if (channel.application?.toLowerCase() === 'confbridge') {
    channel.application = undefined;
    channel.appData = undefined;
  }
}

export class PbxModel {
  private state: State;
  private readonly clock: Clock;
  private readonly nameSource: ((extension: string) => string | undefined) | undefined;
  private readonly listeners = new Set<ModelListener>();
  private readonly logger: PbxModelOptions['logger'];
  private readonly callViews = new Map<string, { view: CallView; json: string }>();
  private readonly extensionViews = new Map<string, { view: ExtensionView; json: string }>();
  private readonly queueViews = new Map<string, { view: QueueView; json: string }>();
  /** Extension -> ids of its calls, maintained from the call views. */
  private readonly callsOfExtension = new Map<string, Set<string>>();
  private isStale = true;

  constructor(options: PbxModelOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.nameSource = options.nameSource;
    this.logger = options.logger;
    this.state = this.freshState();
  }

  get stale(): boolean {
    return this.isStale;
  }

  /** Marks the data as possibly outdated (AMI link down) or current again. */
  setStale(stale: boolean): void {
    if (this.isStale === stale) return;
    this.isStale = stale;
    this.emit({ kind: 'status', op: 'updated', id: 'pbx', value: { stale } });
  }

  subscribe(listener: ModelListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One live AMI event. Never throws for any input. */
  apply(msg: AmiMessage): void {
    const event = msg.event?.toLowerCase();
    const handler = event === undefined ? undefined : HANDLERS.get(event);
    if (!handler) return;
    handler(this.state, msg);
    this.afterChannelEvent();
    this.flush();
  }

  /**
   * Replaces the whole state with what the list actions reported (CoreShowChannels,
   * QueueStatus, DeviceStateList, ExtensionStateList, PJSIPShowEndpoints), then emits the
   * difference to the previous state: calls that ended meanwhile are removed.
   */
  resync(listEvents: readonly AmiMessage[]): void {
    const previous = this.state;
    this.state = this.freshState();
    for (const msg of listEvents) {
      const handler = HANDLERS.get(msg.event?.toLowerCase() ?? '');
      if (handler) handler(this.state, msg);
    }
    this.inferDials();
    this.inferHolds();
    this.inferSpies();
    this.state.extensions.adoptContactDetails(previous.extensions);
    this.state.channels.adoptAnswerTimes(previous.channels);
    this.state.queues.adoptJoinTimes(previous.queues);
    const dirty = this.state.dirty;
    for (const id of this.callViews.keys()) dirty.calls.add(id);
    for (const id of this.extensionViews.keys()) dirty.extensions.add(id);
    for (const id of this.queueViews.keys()) dirty.queues.add(id);
    this.afterChannelEvent();
    this.flush();
  }

  /**
   * A fresh QueueStatus answer for one queue, read after calls ended: its figures (QueueParams:
   * service level, hold and talk time, counters) and members (QueueMember: calls taken, in
   * call). Waiting callers are left to the live events, which may have moved on meanwhile.
   */
  refreshQueue(listEvents: readonly AmiMessage[]): void {
    for (const msg of listEvents) {
      const event = msg.event?.toLowerCase();
      if (event !== 'queueparams' && event !== 'queuemember') continue;
      HANDLERS.get(event)?.(this.state, msg);
    }
    this.flush();
  }

  /** Status answers for channels the service asked about (see `wantsApplication`). */
  refreshChannels(statusEvents: readonly AmiMessage[]): void {
    for (const msg of statusEvents) if (msg.event?.toLowerCase() === 'status') channelStatus(this.state, msg);
    this.flush();
  }

  /**
   * True when `channelName` is answered and alone (no bridge, no dial, not waiting in a queue,
   * not spying): then it is talking to the dialplan, and the service asks Asterisk which
   * application it runs.
   */
  wantsApplication(channelName: string): boolean {
    const { channels, queues } = this.state;
    let channel: ChannelRecord | undefined;
    for (const candidate of channels.byId.values()) {
      if (candidate.name === channelName) {
        channel = candidate;
        break;
      }
    }
    if (!channel || isLocal(channel) || channel.state !== 6 || channel.bridgeId !== undefined) return false;
    if (channel.dialedBy !== undefined || channel.spy !== undefined || queues.queueOfCaller(channel.uniqueid) !== undefined) return false;
    for (const id of channels.byLinkedid.get(channel.linkedid) ?? []) {
      if (channels.byId.get(id)?.dialedBy?.uniqueid === channel.uniqueid) return false;
    }
    return true;
  }

  /**
   * The name source learned new names (it loads them asynchronously, e.g. from FreePBX):
   * rebuild every extension and call view so the names show without waiting for an event.
   */
  refreshNames(): void {
    const dirty = this.state.dirty;
    for (const id of this.callViews.keys()) dirty.calls.add(id);
    for (const id of this.extensionViews.keys()) dirty.extensions.add(id);
    this.flush();
  }

  extensions(): ExtensionView[] {
    return [...this.extensionViews.values()].map((entry) => entry.view);
  }

  calls(): CallView[] {
    return [...this.callViews.values()].map((entry) => entry.view);
  }

  queues(): QueueView[] {
    return [...this.queueViews.values()].map((entry) => entry.view);
  }

  call(id: string): CallView | undefined {
    return this.callViews.get(id)?.view;
  }

  extension(number: string): ExtensionView | undefined {
    return this.extensionViews.get(number)?.view;
  }

  queue(name: string): QueueView | undefined {
    return this.queueViews.get(name)?.view;
  }

  snapshot(): PbxSnapshot {
    return { stale: this.isStale, extensions: this.extensions(), calls: this.calls(), queues: this.queues() };
  }

  /** Live Uniqueids per call, for consistency checks and debugging. */
  channelIdsOf(callId: string): string[] {
    return [...(this.state.channels.byLinkedid.get(callId) ?? [])];
  }

  private freshState(): State {
    const dirty = new DirtySet();
    return {
      dirty,
      channels: new ChannelTable(dirty, this.clock),
      extensions: new ExtensionStore(dirty),
      queues: new QueueStore(dirty, this.clock),
    };
  }

  private isKnownExtension = (endpoint: string): boolean =>
    this.state.extensions.has(endpoint) || isExtensionNumber(endpoint);

  /** Learns extension names from the caller ID of channels that carry the phone's own. */
  private afterChannelEvent(): void {
    const { channels, extensions, dirty } = this.state;
    for (const linkedid of dirty.calls) {
      for (const id of channels.byLinkedid.get(linkedid) ?? []) {
        const channel = channels.byId.get(id);
        const extension = channel ? extensionOf(channel, this.isKnownExtension) : undefined;
        if (channel && ownsCallerId(channel) && extension !== undefined && channel.callerNum === extension) {
          extensions.learnName(extension, channel.callerName);
        }
      }
    }
  }

  private flush(): void {
    const { dirty } = this.state;
    if (dirty.empty) return;
    const calls = [...dirty.calls];
    const queues = [...dirty.queues];
    dirty.calls.clear();
    dirty.queues.clear();
    if (calls.length > 0) {
      const graph = new ChannelGraph(this.state.channels);
      const ctx = {
        table: this.state.channels,
        graph,
        isKnownExtension: this.isKnownExtension,
        queueOfCaller: (uniqueid: string) => this.state.queues.queueOfCaller(uniqueid),
        nameOfExtension: (extension: string) => safeName(this.nameSource, extension),
      };
      for (const id of calls) this.refreshCall(id, buildCall(id, ctx));
    }
    for (const name of queues) this.refresh('queue', this.queueViews, name, this.state.queues.view(name));
    const extensions = [...dirty.extensions];
    dirty.extensions.clear();
    for (const number of extensions) {
      const callIds = [...(this.callsOfExtension.get(number) ?? [])].sort();
      this.refresh('extension', this.extensionViews, number, this.state.extensions.view(number, callIds, this.nameSource));
    }
  }

  private refreshCall(id: string, view: CallView | undefined): void {
    const before = this.callViews.get(id)?.view.extensions ?? [];
    const after = view?.extensions ?? [];
    for (const number of before) if (!after.includes(number)) this.linkCall(number, id, false);
    for (const number of after) if (!before.includes(number)) this.linkCall(number, id, true);
    this.refresh('call', this.callViews, id, view);
  }

  private linkCall(extension: string, callId: string, linked: boolean): void {
    let ids = this.callsOfExtension.get(extension);
    if (!ids) this.callsOfExtension.set(extension, (ids = new Set()));
    if (linked) ids.add(callId);
    else ids.delete(callId);
    if (ids.size === 0) this.callsOfExtension.delete(extension);
    this.state.dirty.extensions.add(extension);
  }

  private refresh<K extends 'call' | 'extension' | 'queue', V extends CallView | ExtensionView | QueueView>(
    kind: K,
    cache: Map<string, { view: V; json: string }>,
    id: string,
    view: V | undefined,
  ): void {
    const cached = cache.get(id);
    if (view === undefined) {
      if (!cached) return;
      cache.delete(id);
      this.emit({ kind, op: 'removed', id });
      return;
    }
    const json = JSON.stringify(view);
    if (cached?.json === json) return;
    cache.set(id, { view, json });
    this.emit({ kind, op: cached ? 'updated' : 'added', id, value: view } as ModelChange);
  }

  private emit(change: ModelChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // A listener's bug must not stop the model or the other listeners, but it must be seen.
        this.logger?.error(
          { err: error, listener: listener.name || 'anonymous', change: { kind: change.kind, op: change.op, id: change.id } },
          'PBX model listener threw; the other listeners still got the change',
        );
      }
    }
  }

  /** After a resync there are no DialBegin events: rebuild ringing links from who runs Dial. */
  private inferDials(): void {
    const { channels } = this.state;
    for (const dest of channels.byId.values()) {
      // A Dial() target runs AppDial; a ringing queue member (or its Local;1 half) runs AppQueue.
      const application = dest.application?.toLowerCase();
      if (dest.bridgeId !== undefined || (application !== 'appdial' && application !== 'appqueue')) continue;
      const dialerApp = application === 'appqueue' ? /^queue$/i : /^(dial|queue)$/i;
      const candidates = [...(channels.byLinkedid.get(dest.linkedid) ?? [])]
        .map((id) => channels.byId.get(id))
        .filter((c) => c !== undefined && c !== dest && dialerApp.test(c.application ?? ''));
      const dialer = candidates.find((c) => c?.connectedNum === dest.callerNum) ?? candidates[0];
      if (dialer) dest.dialedBy = { uniqueid: dialer.uniqueid, answered: dest.state === 6 };
    }
  }

  /**
   * After a resync there are no Hold events either. Asterisk shows the party that hears
   * music on hold as ONHOLD (captures: hold-unhold), so a bridged extension in that state is
   * held by its real bridge peers.
   */
  private inferHolds(): void {
    const { channels, extensions } = this.state;
    for (const held of channels.byId.values()) {
      if (held.bridgeId === undefined) continue;
      const extension = extensionOf(held, this.isKnownExtension);
      if (extension === undefined || extensions.view(extension, [])?.deviceState !== 'ONHOLD') continue;
      for (const id of channels.bridges.get(held.bridgeId) ?? []) {
        const holder = channels.byId.get(id);
        if (!holder || holder === held || isLocal(holder)) continue;
        holder.holding = [...new Set([...(holder.holding ?? []), held.uniqueid])];
      }
    }
  }

  /** ChanSpy's first argument names the spied channel (exactly with option u, else a prefix). */
  private inferSpies(): void {
    const { channels } = this.state;
    for (const spyer of channels.byId.values()) {
      if (spyer.application?.toLowerCase() !== 'chanspy') continue;
      const target = spyTargetArgument(spyer.appData);
      if (target === undefined) continue;
      const spied = [...channels.byId.values()].find(
        (c) => c !== spyer && (c.name === target || c.uniqueid === target || c.name.startsWith(`${target}-`)),
      );
      if (!spied) continue;
      spyer.spy = { ...spyer.spy, targetUniqueid: spied.uniqueid };
      channels.spyerIds.add(spyer.uniqueid);
    }
  }
}

/**
 * A phone's own caller ID is on the calls it places and on the legs dialled to it. An
 * Originate's leg carries whatever caller ID the originator chose (OnDeck's own spy calls
 * say "Whisper (OnDeck)"), which must never become the extension's name.
 */
function ownsCallerId(channel: ChannelRecord): boolean {
  return channel.placedByDevice || channel.dialedBy !== undefined;
}
