import { randomUUID } from 'node:crypto';
import { SimBridge, SimChannel } from './channel';
import type { ChannelState } from './channel';
import type { SimClock } from './clock';
import { DeviceStateTracker } from './device-states';
import { SimQueue } from './queue-model';
import type { QueueMember } from './queue-model';
import { AstDb } from './astdb';
import type { CdrRecord } from './cdr-records';
import type { EventClass, Fields, SimEndpoint, SimEvent } from './types';

export const CAUSE_TEXT: Record<number, string> = {
  0: 'Unknown',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  19: 'No user responding',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  26: 'Answered elsewhere',
  127: 'Interworking, unspecified',
};

export interface WorldOptions {
  clock: SimClock;
  /** Extensions to create as registered UDP endpoints ("1001"...). */
  extensions: readonly string[];
  /** Extensions that exist as WebRTC endpoints but are not registered. */
  webrtcExtensions?: readonly string[];
  /** Queue name -> static member extensions (PJSIP/<ext> members named "Agent <ext>"). */
  queues?: Record<string, readonly string[]>;
  /** Queue name -> static Local/<ext>@from-queue/n members named "Local <ext>". */
  localQueues?: Record<string, readonly string[]>;
  /** Value for Uptime/LastReload bookkeeping. */
  startedAt?: number;
  /**
   * Seed data: the person at each extension (FreePBX's `users.name`), used as the phone's caller
   * name and as static queue members' MemberName. Without it: "Ext 1001" and "Agent 1001".
   */
  names?: Readonly<Record<string, string>>;
}

export interface CreateChannelOptions {
  /** Endpoint id for PJSIP channels. */
  endpoint?: string;
  /** Full prefix for other technologies, e.g. "Local/1003@from-queue". */
  prefix?: string;
  state: ChannelState;
  callerNum: string;
  callerName: string;
  context: string;
  exten: string;
  linkedid?: string;
  /** Device this channel counts against (defaults to PJSIP/<endpoint>). */
  device?: string;
}

export type HangupOptions = { techCause?: number; omitCause?: boolean };

/**
 * The simulated PBX state plus the primitives every scenario is built from. Each primitive
 * changes the model and emits the AMI event Asterisk would send for that change.
 */
export class World {
  readonly clock: SimClock;
  readonly endpoints = new Map<string, SimEndpoint>();
  readonly channels = new Map<string, SimChannel>();
  readonly bridges = new Map<string, SimBridge>();
  readonly queues = new Map<string, SimQueue>();
  readonly astdb = new AstDb();
  readonly devices: DeviceStateTracker;
  readonly startedAt: number;
  private readonly listeners = new Set<(event: SimEvent) => void>();
  /** CDR writers; each finished leg is handed to every one. */
  readonly cdrListeners = new Set<(record: CdrRecord) => void>();
  /** The cdr `sequence` column of the next record: per world, so a replayed scenario writes the same rows. */
  cdrSequence = 0;
  /** Calls started since boot (CoreStatus CoreProcessedCalls). */
  processedCalls = 0;
  /** How long a simulated phone rings before it answers an Originate. */
  phoneAnswerDelayMs = 1000;
  /** Extensions whose phone lets Originate calls ring out (test hook). */
  readonly unansweringPhones = new Set<string>();
  /** Active MixMonitor recordings: channel name -> file. */
  readonly recordings = new Map<string, string>();
  /** Spy sessions by spied channel name, so `E` can end them when that channel hangs up. */
  readonly spiesOf = new Map<string, Array<{ spyeeGone(): void }>>();
  private channelSeq = 0x2d;
  private uniqueSeq = 49;

  constructor(options: WorldOptions) {
    this.clock = options.clock;
    this.startedAt = options.startedAt ?? options.clock.now();
    const names = options.names ?? {};
    for (const id of options.extensions) this.addEndpoint(id, false, names[id]);
    for (const id of options.webrtcExtensions ?? []) this.addEndpoint(id, true, names[id]);
    const login = Math.floor(this.clock.now() / 1000);
    for (const [name, exts] of Object.entries(options.queues ?? {})) {
      const queue = this.addQueue(name);
      for (const ext of exts) queue.members.push(staticMember(names[ext] ?? `Agent ${ext}`, `PJSIP/${ext}`, `PJSIP/${ext}`, login));
    }
    for (const [name, exts] of Object.entries(options.localQueues ?? {})) {
      const queue = this.addQueue(name);
      for (const ext of exts) queue.members.push(staticMember(`Local ${ext}`, `Local/${ext}@from-queue/n`, `PJSIP/${ext}`, login));
    }
    this.devices = new DeviceStateTracker(this);
    this.devices.initialise();
  }

  addEndpoint(id: string, webrtc: boolean, callerName = `Ext ${id}`): SimEndpoint {
    const endpoint: SimEndpoint = {
      id,
      callerName,
      registered: !webrtc,
      webrtc,
      transport: webrtc ? 'transport-wss' : 'transport-udp',
      contactUri: webrtc ? '' : `sip:${id}@127.0.0.1:${5000 + Number(id.slice(-3)) * 10}`,
    };
    this.endpoints.set(id, endpoint);
    return endpoint;
  }

  addQueue(name: string): SimQueue {
    const queue = new SimQueue(name);
    this.queues.set(name, queue);
    return queue;
  }

  onEvent(listener: (event: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(name: string, privilege: EventClass, fields: Fields): void {
    const event: SimEvent = { name, privilege, fields };
    for (const listener of this.listeners) listener(event);
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  nextUniqueid(): string {
    return `${this.nowSeconds()}.${this.uniqueSeq++}`;
  }

  /** Eight hex digits, shared by every technology as in Asterisk. */
  nextChannelSuffix(): string {
    return (this.channelSeq++).toString(16).padStart(8, '0');
  }

  findChannel(name: string): SimChannel | undefined {
    return this.channels.get(name) ?? [...this.channels.values()].find((c) => c.uniqueid === name);
  }

  channelsOf(device: string): SimChannel[] {
    return [...this.channels.values()].filter((c) => c.device === device);
  }

  createChannel(options: CreateChannelOptions): SimChannel {
    const base = options.prefix ?? `PJSIP/${options.endpoint ?? ''}`;
    const name = `${base}-${this.nextChannelSuffix()}`;
    const uniqueid = this.nextUniqueid();
    const channel = new SimChannel(name, uniqueid, options.linkedid ?? uniqueid, {
      state: options.state,
      callerNum: options.callerNum,
      callerName: options.callerName,
      context: options.context,
      exten: options.exten,
      device: options.device ?? (options.endpoint ? `PJSIP/${options.endpoint}` : undefined),
      now: this.clock.now(),
    });
    this.channels.set(name, channel);
    if (channel.linkedid === uniqueid) this.processedCalls += 1;
    this.emit('Newchannel', 'call', channel.snapshot());
    this.refreshDevice(channel);
    return channel;
  }

  /**
   * A local channel pair `<prefix>-<suffix>;1` / `;2` sharing one suffix; ;1 faces the
   * caller, ;2 runs the dialplan (Local/1003@from-queue/n).
   */
  createLocalPair(prefix: string, context: string, exten: string, linkedid: string): [SimChannel, SimChannel] {
    const suffix = this.nextChannelSuffix();
    const make = (half: 1 | 2): SimChannel => {
      const uniqueid = this.nextUniqueid();
      const channel = new SimChannel(`${prefix}-${suffix};${half}`, uniqueid, linkedid, {
        state: half === 1 ? 0 : 4,
        callerNum: '<unknown>',
        callerName: '<unknown>',
        context,
        exten,
        device: prefix,
        now: this.clock.now(),
      });
      this.channels.set(channel.name, channel);
      this.emit('Newchannel', 'call', channel.snapshot());
      return channel;
    };
    return [make(1), make(2)];
  }

  setState(channel: SimChannel, state: ChannelState): void {
    channel.state = state;
    if (state === 6 && channel.answeredAt === undefined) channel.answeredAt = this.clock.now();
    this.emit('Newstate', 'call', channel.snapshot());
    if (channel.device?.startsWith('Local/')) this.devices.announceLocal(channel.device, 'INUSE');
    else this.refreshDevice(channel);
  }

  setConnected(channel: SimChannel, num: string, name: string): void {
    channel.connectedNum = num;
    channel.connectedName = name;
    this.emit('NewConnectedLine', 'call', channel.snapshot());
  }

  /** Dialplan step (Newexten, class dialplan). */
  newexten(channel: SimChannel, priority: number, application: string, data: string): void {
    channel.priority = priority;
    channel.application = application;
    channel.applicationData = data;
    this.emit('Newexten', 'dialplan', { ...channel.snapshot(), Extension: channel.exten, Application: application, AppData: data });
  }

  varSet(channel: SimChannel, variable: string, value: string): void {
    this.emit('VarSet', 'dialplan', { ...channel.snapshot(), Variable: variable, Value: value });
  }

  dialEvent(name: 'DialBegin' | 'DialState' | 'DialEnd', caller: SimChannel | undefined, dest: SimChannel, extra: Fields): void {
    this.emit(name, 'call', { ...(caller ? caller.snapshot() : {}), ...dest.snapshot('Dest'), ...extra });
  }

  createBridge(): SimBridge {
    const bridge = new SimBridge(randomUUID());
    this.bridges.set(bridge.uniqueid, bridge);
    this.emit('BridgeCreate', 'call', bridge.fields());
    return bridge;
  }

  enterBridge(bridge: SimBridge, channel: SimChannel, extra: Fields = {}): void {
    bridge.channels.push(channel);
    channel.bridgeId = bridge.uniqueid;
    this.emit('BridgeEnter', 'call', { ...bridge.fields(), ...channel.snapshot(), ...extra });
  }

  leaveBridge(bridge: SimBridge, channel: SimChannel): void {
    const index = bridge.channels.indexOf(channel);
    if (index >= 0) bridge.channels.splice(index, 1);
    channel.bridgeId = undefined;
    this.emit('BridgeLeave', 'call', { ...bridge.fields(), ...channel.snapshot() });
  }

  destroyBridge(bridge: SimBridge): void {
    this.bridges.delete(bridge.uniqueid);
    this.emit('BridgeDestroy', 'call', bridge.fields());
  }

  bridgeOf(channel: SimChannel): SimBridge | undefined {
    return channel.bridgeId ? this.bridges.get(channel.bridgeId) : undefined;
  }

  hangupRequest(channel: SimChannel, cause: number, options: HangupOptions & { soft?: boolean } = {}): void {
    const fields: Fields = channel.snapshot();
    if (!options.omitCause) fields.Cause = String(cause);
    if (options.techCause !== undefined) fields.TechCause = String(options.techCause);
    this.emit(options.soft ? 'SoftHangupRequest' : 'HangupRequest', 'call', fields);
  }

  /** Destroys a channel: Hangup event, then its device state settles. */
  hangup(channel: SimChannel, cause: number, options: HangupOptions = {}): void {
    if (channel.hungUp) return;
    channel.hungUp = true;
    const fields: Fields = { ...channel.snapshot(), Cause: String(cause), 'Cause-txt': CAUSE_TEXT[cause] ?? 'Unknown' };
    if (options.techCause !== undefined) fields.TechCause = String(options.techCause);
    this.channels.delete(channel.name);
    this.emit('Hangup', 'call', fields);
    if (channel.device?.startsWith('Local/')) this.devices.announceLocal(channel.device, 'NOT_INUSE');
    else this.refreshDevice(channel);
    const spies = this.spiesOf.get(channel.name);
    if (spies) {
      this.spiesOf.delete(channel.name);
      for (const spy of spies) spy.spyeeGone();
    }
  }

  refreshDevice(channel: SimChannel): void {
    if (channel.device) this.devices.refresh(channel.device);
  }

  /** Every queue member whose state follows this device. */
  membersFollowing(device: string): Array<{ queue: SimQueue; member: QueueMember }> {
    const out: Array<{ queue: SimQueue; member: QueueMember }> = [];
    for (const queue of this.queues.values()) {
      for (const member of queue.members) if (member.stateInterface === device) out.push({ queue, member });
    }
    return out;
  }
}

export function staticMember(name: string, iface: string, stateInterface: string, loginTime: number): QueueMember {
  return {
    name,
    interface: iface,
    stateInterface,
    membership: 'static',
    penalty: 0,
    callsTaken: 0,
    lastCall: 0,
    lastPause: 0,
    loginTime,
    inCall: false,
    paused: false,
    pausedReason: '',
    wrapuptime: 0,
    ringinuse: false,
    status: 'NOT_INUSE',
  };
}
