/** Shared shapes of the simulated PBX. */

/** AMI read classes; every event carries `Privilege: <class>,all`. */
export const EVENT_CLASSES = ['system', 'call', 'log', 'verbose', 'command', 'agent', 'user', 'config', 'dtmf', 'reporting', 'cdr', 'dialplan', 'originate', 'agi', 'cc', 'aoc', 'test', 'security', 'message'] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];

/** Ordered AMI fields; insertion order is wire order. */
export type Fields = Record<string, string>;

export interface SimEvent {
  readonly name: string;
  readonly privilege: EventClass;
  readonly fields: Fields;
}

export interface SimEndpoint {
  /** Extension / endpoint id, e.g. "1001". */
  readonly id: string;
  readonly callerName: string;
  /** False for WebRTC endpoints nobody has registered yet: they show Unavailable. */
  registered: boolean;
  readonly webrtc: boolean;
  readonly transport: string;
  contactUri: string;
}

/** Asterisk device state names (ast_device_state order gives the QueueMemberStatus number). */
export const DEVICE_STATES = ['UNKNOWN', 'NOT_INUSE', 'INUSE', 'BUSY', 'INVALID', 'UNAVAILABLE', 'RINGING', 'RINGINUSE', 'ONHOLD'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];
