/**
 * Test support: compares an AMI event stream from the simulator with a real Asterisk
 * capture. Ids, sequence numbers, timestamps and carried-over counters are ignored.
 *
 * Ordering rule: Asterisk fixes the order of events about one channel, one device, one
 * hint and one queue member, but not between them (README caveats: Cdr vs Hangup,
 * ExtensionStatus vs DeviceStateChange, QueueMemberStatus interleaving, DialBegin vs the
 * callee's Newstate, which also changes the Dest snapshot state). So events are split into lanes (per channel, device, hint, queue
 * member, bridge) and each lane must match in order, event by event and field set by
 * field set.
 */
import { AmiMessage } from '../../src/pbx/ami/codec';
import type { SimEvent } from '../types';

/** Classes compared: call, agent, system (reporting only where a scenario emits RTCP). */
const COMPARED = new Set(['call', 'agent', 'system']);
/** Events that exist because of the capturing connection itself, not the scenario. */
const CONNECTION_EVENTS = new Set(['FullyBooted']);

/** Values that identify a step; everything else is only compared as a field name. */
const KEY_FIELDS = [
  'ChannelStateDesc',
  'DialStatus',
  'Cause',
  'TechCause',
  'State',
  'Status',
  'StatusText',
  'Queue',
  'Interface',
  'MemberName',
  'Paused',
  'PausedReason',
  'Result',
  'Reason',
  'Response',
  'ContactStatus',
  'PeerStatus',
  'Position',
  'Count',
  'BridgeNumChannels',
  'ConnectedLineNum',
  'CallerIDNum',
  'IsExternal',
  'Class',
  'MusicClass',
];
const CHANNEL_FIELDS = ['Channel', 'DestChannel', 'SpyerChannel', 'SpyeeChannel', 'TransfererChannel', 'TransfereeChannel'];

export function simEventToMessage(event: SimEvent): AmiMessage {
  return AmiMessage.from({ Event: event.name, Privilege: `${event.privilege},all`, ...event.fields });
}

interface LaneEvent {
  step: string;
  fieldNames: string;
}

/** Gives channels and bridges stable names: PJSIP/1001-0000002d -> PJSIP/1001#1. */
class Aliases {
  private readonly names = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  of(value: string | undefined, kind: 'channel' | 'bridge'): string {
    if (!value) return '';
    const known = this.names.get(value);
    if (known) return known;
    if (kind === 'channel' && !/-[0-9a-f]{8}(;\d)?$/.test(value)) return value;
    const half = /;(\d)$/.exec(value)?.[1];
    const base = kind === 'bridge' ? 'bridge' : value.replace(/-[0-9a-f]{8}(;\d)?$/, '');
    const pairKey = half ? value.slice(0, -2) : value;
    const pairKnown = half ? this.names.get(pairKey) : undefined;
    let alias: string;
    if (pairKnown) alias = pairKnown;
    else {
      const n = (this.counters.get(base) ?? 0) + 1;
      this.counters.set(base, n);
      alias = `${base}#${n}`;
      if (half) this.names.set(pairKey, alias);
    }
    const full = half ? `${alias};${half}` : alias;
    this.names.set(value, full);
    return full;
  }
}

function laneOf(message: AmiMessage, aliases: Aliases): string {
  const event = message.event ?? '';
  if (event === 'DeviceStateChange') return `device ${message.get('Device') ?? ''}`;
  if (event === 'ExtensionStatus') return `hint ${message.get('Hint') ?? ''}`;
  if (event.startsWith('QueueMember')) return `member ${message.get('Queue') ?? ''} ${message.get('Interface') ?? ''}`;
  // OriginateResponse comes from the originate thread: its place among the leg's channel
  // events differs even between the three Originates of one capture (chanspy-modes).
  if (event === 'OriginateResponse') return `originate ${message.actionId ?? ''}`;
  if (event === 'ContactStatus' || event === 'PeerStatus') return `registration ${message.get('AOR') ?? message.get('Peer')?.slice(6) ?? ''}`;
  for (const key of CHANNEL_FIELDS) {
    const value = message.get(key);
    if (value) return `channel ${aliases.of(value, 'channel')}`;
  }
  if (message.has('BridgeUniqueid')) return `bridge ${aliases.of(message.get('BridgeUniqueid'), 'bridge')}`;
  return `other ${event}`;
}

function describe(message: AmiMessage, aliases: Aliases): LaneEvent {
  const parts = [message.event ?? ''];
  for (const key of CHANNEL_FIELDS) if (message.has(key)) parts.push(`${key}=${aliases.of(message.get(key), 'channel')}`);
  for (const key of KEY_FIELDS) if (message.has(key)) parts.push(`${key}=${message.get(key) ?? ''}`);
  const names = [...new Set(message.lines.map(([k]) => k))].filter((k) => k !== 'ActionID').sort();
  return { step: parts.join(' '), fieldNames: names.join(',') };
}

/** Splits a stream into ordered lanes of comparable events. */
export function lanes(messages: readonly AmiMessage[], options: { classes?: ReadonlySet<string> } = {}): Map<string, LaneEvent[]> {
  const classes = options.classes ?? COMPARED;
  const aliases = new Aliases();
  const out = new Map<string, LaneEvent[]>();
  for (const message of messages) {
    const event = message.event;
    if (!event || CONNECTION_EVENTS.has(event)) continue;
    const privilege = (message.get('Privilege') ?? '').split(',')[0] ?? '';
    if (!classes.has(privilege)) continue;
    const lane = laneOf(message, aliases);
    const list = out.get(lane) ?? [];
    list.push(describe(message, aliases));
    out.set(lane, list);
  }
  return out;
}

/** Human-readable differences; empty when the simulator matches the capture. */
export function compareStreams(expected: readonly AmiMessage[], actual: readonly AmiMessage[], options: { classes?: ReadonlySet<string> } = {}): string[] {
  const want = lanes(expected, options);
  const got = lanes(actual, options);
  const problems: string[] = [];
  for (const [lane, wanted] of want) {
    const have = got.get(lane) ?? [];
    const length = Math.max(wanted.length, have.length);
    for (let i = 0; i < length; i += 1) {
      const w = wanted[i];
      const h = have[i];
      if (!w || !h) {
        problems.push(`${lane} #${i}: expected ${w?.step ?? '(nothing)'}, got ${h?.step ?? '(nothing)'}`);
        break;
      }
      if (w.step !== h.step) {
        problems.push(`${lane} #${i}: expected ${w.step}, got ${h.step}`);
        break;
      }
      if (w.fieldNames !== h.fieldNames) problems.push(`${lane} #${i} ${w.step}: fields differ\n  expected ${w.fieldNames}\n  got      ${h.fieldNames}`);
    }
  }
  for (const lane of got.keys()) if (!want.has(lane)) problems.push(`unexpected lane ${lane}: ${(got.get(lane) ?? []).map((e) => e.step).join(' | ')}`);
  return problems;
}

/**
 * Responses and list items, per ActionID (ids rewritten to the action's position):
 * Response/Message/EventList values and the exact key order (ActionID last in
 * QueueParams and friends). List items are compared as the set of distinct shapes, since
 * a simulated PBX has other devices than the lab one.
 */
export function responseShapes(messages: readonly AmiMessage[], isCaptureAction: (actionId: string) => boolean): string[] {
  const byId = new Map<string, { response: string; items: Set<string>; complete: string }>();
  for (const message of messages) {
    const id = message.actionId;
    if (id === undefined || !isCaptureAction(id)) continue;
    const entry = byId.get(id) ?? { response: '', items: new Set<string>(), complete: '' };
    byId.set(id, entry);
    const keys = message.lines.map(([k]) => k).join(',');
    if (message.response !== undefined) {
      const values = ['Response', 'Message', 'EventList', 'Ping'].map((k) => (message.has(k) ? `${k}=${k === 'Ping' ? message.get(k) : message.get(k)}` : '')).filter(Boolean);
      entry.response = `${values.join(' ')} [${keys}]`;
    } else if (message.get('EventList') === 'Complete') {
      entry.complete = `${message.event ?? ''} [${keys}]`;
    } else if (message.event !== 'OriginateResponse') {
      entry.items.add(`${message.event ?? ''} [${keys}]`);
    }
  }
  return [...byId.values()].map((e) => [e.response, ...[...e.items].sort(), e.complete].filter(Boolean).join('\n  '));
}
