/**
 * Live PBX state as the server's model exposes it and the browser renders it.
 * Plain data only (JSON-safe, no classes): the same objects travel over Socket.IO.
 * Times are epoch milliseconds.
 */

/** Asterisk device state names (DeviceStateChange `State`). */
export type DeviceStateName =
  | 'NOT_INUSE'
  | 'INUSE'
  | 'BUSY'
  | 'INVALID'
  | 'UNAVAILABLE'
  | 'RINGING'
  | 'RINGINUSE'
  | 'ONHOLD'
  | 'UNKNOWN';

export interface RegistrationContact {
  uri: string;
  /** Last qualify result; undefined until Asterisk reported one. */
  status?: 'reachable' | 'unreachable' | 'unknown';
  rttMs?: number;
}

export interface RegistrationView {
  contacts: RegistrationContact[];
  /** True when at least one contact is registered and not known to be unreachable. */
  reachable: boolean;
  /** Best round-trip time of the reachable contacts. */
  rttMs?: number;
}

export interface ExtensionView {
  /** Extension number, e.g. "1001". */
  number: string;
  name?: string;
  deviceState: DeviceStateName;
  registration: RegistrationView;
  dnd: boolean;
  /** Ids (Linkedid) of the live calls this extension takes part in. */
  callIds: string[];
}

export type CallDirection = 'internal' | 'inbound' | 'outbound';
export type CallState = 'ringing' | 'up' | 'on_hold' | 'in_queue' | 'transferring';
/** State of one relation between two parties, as a person would describe it. */
export type RelationState = 'ringing' | 'up' | 'on_hold';

/**
 * A dialplan application a caller talks to instead of a person: voicemail, a conference, an
 * IVR, a recording being played, a parking lot.
 */
export interface CallApplication {
  kind: 'voicemail' | 'conference' | 'ivr' | 'playback' | 'echo' | 'parking' | 'music' | 'recording' | 'directory';
  /** Asterisk application name as the channel runs it, e.g. "VoiceMailMain", "ConfBridge". */
  app: string;
  /** What a person reads: "Voicemail 1002", "Conference 800", "IVR", "Playback". */
  label: string;
}

export interface CallParty {
  /**
   * Extension number for a local phone, otherwise the caller-id number of the leg; for an
   * application party its label ("Voicemail 1002").
   */
  number: string;
  name?: string;
  /** Set when the party is one of our extensions. */
  extension?: string;
  /** True when the party is reached through a trunk. */
  external: boolean;
  /** Empty for an application party (it runs on the phone's own channel) and for a party hidden by scope. */
  channel: string;
  /** Set when this party is a dialplan application the call is connected to, not a phone. */
  application?: CallApplication;
}

/**
 * "a and b are ringing / talking / on hold". For a party alone (an originate leg that
 * rings, a queue caller waiting) `b` is absent.
 */
export interface CallRelation {
  a: string;
  b?: string;
  state: RelationState;
  /** Set on on_hold: the party that hears music on hold. */
  heldParty?: string;
  /**
   * The application the party (or, for a conference, both parties) is connected to: a call
   * answered by the dialplan is `a` alone with `application` (the same application is also
   * one of the call's `parties`).
   */
  application?: CallApplication;
}

export type SpyMode = 'listen' | 'whisper' | 'barge';

export interface SpyView {
  /** The supervisor's party number (usually an extension). */
  spy: string;
  spyChannel: string;
  /** Party number of the spied leg. */
  target: string;
  targetChannel: string;
  mode: SpyMode;
  /** Raw ChanSpy options when known, e.g. "qEuw". */
  options?: string;
}

export interface CallLegView {
  channel: string;
  uniqueid: string;
  state: string;
  callerNum?: string;
  callerName?: string;
  bridgeId?: string;
}

export interface CallView {
  /** Asterisk Linkedid of the call. */
  id: string;
  direction: CallDirection;
  state: CallState;
  /**
   * Real parties (Local channel halves are folded away), the oldest first, then the
   * application a party talks to (voicemail, conference, IVR, ...), if any.
   */
  parties: CallParty[];
  relations: CallRelation[];
  /** Extensions taking part, for per-user scoping. */
  extensions: string[];
  /** Queue the caller is waiting in or was connected through. */
  queue?: string;
  /** Supervisors listening to a leg of this call. */
  spiedBy: SpyView[];
  /** When this call itself is a supervisor's ChanSpy leg. */
  spying?: SpyView;
  startedAt: number;
  answeredAt?: number;
  legs: CallLegView[];
  /** Current call quality from the latest RTCP reports (worst leg direction); absent until one arrives. */
  quality?: LiveCallQuality;
}

/** How a call in progress sounds right now, by the E-model estimate of its worst leg direction. */
export interface LiveCallQuality {
  grade: 'good' | 'fair' | 'poor';
  mos: number;
  jitterMs: number;
  lossPercent: number;
  rttMs: number | null;
}

export type QueueMemberStatus =
  | 'unknown'
  | 'not_in_use'
  | 'in_use'
  | 'busy'
  | 'invalid'
  | 'unavailable'
  | 'ringing'
  | 'ring_in_use'
  | 'on_hold';

export interface QueueMemberView {
  interface: string;
  name: string;
  stateInterface: string;
  /** Extension behind the member (from its state interface or Local channel), when known. */
  extension?: string;
  status: QueueMemberStatus;
  paused: boolean;
  pausedReason?: string;
  callsTaken: number;
  /** Epoch ms of the last call, if any. */
  lastCall?: number;
  inCall: boolean;
  membership: 'static' | 'dynamic' | 'realtime';
  penalty: number;
}

export interface QueueCallerView {
  position: number;
  channel: string;
  uniqueid: string;
  callerNum?: string;
  callerName?: string;
  joinedAt: number;
}

export interface QueueView {
  name: string;
  strategy?: string;
  /** Callers waiting now (derived from `callers`). */
  waiting: number;
  completed: number;
  abandoned: number;
  serviceLevel: number;
  serviceLevelPerf: number;
  /** Average hold and talk time in seconds, as Asterisk reports them. */
  holdTime: number;
  talkTime: number;
  members: QueueMemberView[];
  callers: QueueCallerView[];
}

export interface PbxSnapshot {
  stale: boolean;
  extensions: ExtensionView[];
  calls: CallView[];
  queues: QueueView[];
}

interface ChangeOf<K extends string, V> {
  kind: K;
  op: 'added' | 'updated' | 'removed';
  id: string;
  /** Absent when op is removed. */
  value?: V;
}

export type ModelChange =
  | ChangeOf<'extension', ExtensionView>
  | ChangeOf<'call', CallView>
  | ChangeOf<'queue', QueueView>
  | { kind: 'status'; op: 'updated'; id: 'pbx'; value: { stale: boolean } };
