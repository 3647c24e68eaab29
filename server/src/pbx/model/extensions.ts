/**
 * Extensions (phones): device state, registration contacts and DND, from DeviceStateChange,
 * ExtensionStatus, EndpointList and ContactStatus. Calls per extension are joined in by the model.
 */
import type { DeviceStateName, ExtensionView, RegistrationContact } from '@ondeck/shared';
import type { AmiMessage } from '../ami/codec';
import type { DirtySet } from './dirty';
import { int, phoneDeviceEndpoint, text } from './fields';

const DEVICE_STATES: ReadonlySet<string> = new Set<DeviceStateName>([
  'NOT_INUSE', 'INUSE', 'BUSY', 'INVALID', 'UNAVAILABLE', 'RINGING', 'RINGINUSE', 'ONHOLD', 'UNKNOWN',
]);

/** ExtensionStatus `Status` bit values -> device state names (same mapping `core show hints` uses). */
const HINT_STATUS: ReadonlyMap<number, DeviceStateName> = new Map([
  [0, 'NOT_INUSE'], [1, 'INUSE'], [2, 'BUSY'], [4, 'UNAVAILABLE'], [8, 'RINGING'],
  [9, 'RINGINUSE'], [16, 'ONHOLD'], [17, 'ONHOLD'],
]);

/** EndpointList `DeviceState` text -> name; only used until a real device state arrives. */
const ENDPOINT_STATE: ReadonlyMap<string, DeviceStateName> = new Map([
  ['not in use', 'NOT_INUSE'], ['in use', 'INUSE'], ['busy', 'BUSY'], ['unavailable', 'UNAVAILABLE'],
  ['ringing', 'RINGING'], ['on hold', 'ONHOLD'], ['invalid', 'INVALID'],
]);

const CONTACT_STATUS: ReadonlyMap<string, RegistrationContact['status']> = new Map([
  ['reachable', 'reachable'], ['unreachable', 'unreachable'], ['nonqualified', 'unknown'],
  ['created', 'unknown'], ['updated', 'unknown'], ['unknown', 'unknown'],
]);

/** A safety net against a peer that invents endpoints forever. */
const MAX_EXTENSIONS = 20_000;
const MAX_CONTACTS = 32;

export function isExtensionNumber(value: string): boolean {
  return /^\d{2,12}$/.test(value);
}

interface ExtensionRecord {
  number: string;
  learnedName?: string;
  deviceState: DeviceStateName;
  /** True once DeviceStateChange or ExtensionStatus spoke; EndpointList then no longer overrides. */
  stateKnown: boolean;
  contacts: Map<string, RegistrationContact>;
  dnd: boolean;
}

export class ExtensionStore {
  private readonly records = new Map<string, ExtensionRecord>();

  constructor(private readonly dirty: DirtySet) {}

  has(number: string): boolean {
    return this.records.has(number);
  }

  numbers(): IterableIterator<string> {
    return this.records.keys();
  }

  private record(number: string): ExtensionRecord | undefined {
    if (!isExtensionNumber(number)) return undefined;
    let record = this.records.get(number);
    if (!record) {
      if (this.records.size >= MAX_EXTENSIONS) return undefined;
      record = { number, deviceState: 'UNKNOWN', stateKnown: false, contacts: new Map(), dnd: false };
      this.records.set(number, record);
    }
    this.dirty.extensions.add(number);
    return record;
  }

  deviceStateChange(msg: AmiMessage): void {
    const device = text(msg, 'Device');
    const state = text(msg, 'State')?.toUpperCase();
    if (device === undefined || state === undefined || !DEVICE_STATES.has(state)) return;
    // FreePBX keeps DND as a custom device state: Custom:DND1001 is BUSY while DND is on.
    const dnd = /^Custom:DND(\d+)$/i.exec(device);
    if (dnd?.[1]) {
      const record = this.record(dnd[1]);
      if (record) record.dnd = state === 'BUSY' || state === 'INUSE';
      return;
    }
    const endpoint = phoneDeviceEndpoint(device);
    const record = endpoint === undefined ? undefined : this.record(endpoint);
    if (!record) return;
    record.deviceState = state as DeviceStateName;
    record.stateKnown = true;
  }

  extensionStatus(msg: AmiMessage): void {
    const exten = text(msg, 'Exten');
    const hint = text(msg, 'Hint') ?? '';
    const status = int(msg, 'Status');
    if (exten === undefined || status === undefined) return;
    if (!/(^|&)(PJSIP|SIP|IAX2|DAHDI)\//i.test(hint)) return;
    const state = HINT_STATUS.get(status);
    const record = state === undefined ? undefined : this.record(exten);
    if (!record || state === undefined) return;
    // FreePBX hints are `PJSIP/1001&Custom:DND1001`: Busy there is DND, not the phone's own state,
    // which DeviceStateChange for the phone keeps reporting.
    if (new RegExp(`(^|&)Custom:DND${exten}($|&)`, 'i').test(hint)) {
      record.dnd = state === 'BUSY';
      if (record.dnd) return;
    }
    record.deviceState = state;
    record.stateKnown = true;
  }

  endpointList(msg: AmiMessage): void {
    const name = text(msg, 'ObjectName');
    const record = name === undefined ? undefined : this.record(name);
    if (!record) return;
    const previous = record.contacts;
    record.contacts = new Map();
    // "1001/sip:1001-0x55d6@127.0.0.1:5110," : AOR/URI pairs, comma separated.
    for (const entry of (msg.get('Contacts') ?? '').split(',')) {
      const slash = entry.indexOf('/');
      const uri = entry.slice(slash + 1).trim();
      if (slash <= 0 || uri === '' || record.contacts.size >= MAX_CONTACTS) continue;
      record.contacts.set(uri, previous.get(uri) ?? { uri });
    }
    const state = ENDPOINT_STATE.get((text(msg, 'DeviceState') ?? '').toLowerCase());
    if (state !== undefined && !record.stateKnown) record.deviceState = state;
    // A contact still listed while the endpoint is Unavailable failed its qualify.
    if (state === 'UNAVAILABLE') {
      for (const [uri, contact] of record.contacts) {
        if (contact.status === undefined) record.contacts.set(uri, { ...contact, status: 'unreachable' });
      }
    }
  }

  contactStatus(msg: AmiMessage): void {
    const name = text(msg, 'EndpointName') ?? text(msg, 'AOR');
    const uri = text(msg, 'URI');
    const status = (text(msg, 'ContactStatus') ?? '').toLowerCase();
    const record = name === undefined ? undefined : this.record(name);
    if (!record || uri === undefined) return;
    if (status === 'removed') {
      record.contacts.delete(uri);
      return;
    }
    if (!record.contacts.has(uri) && record.contacts.size >= MAX_CONTACTS) return;
    const usec = int(msg, 'RoundtripUsec');
    const contact: RegistrationContact = { ...record.contacts.get(uri), uri };
    contact.status = CONTACT_STATUS.get(status) ?? contact.status ?? 'unknown';
    if (usec !== undefined && usec > 0) contact.rttMs = Math.round(usec / 100) / 10;
    record.contacts.set(uri, contact);
  }

  /** Names learned from the stream (CallerIDName of the phone's own channels). */
  learnName(number: string, name: string | undefined): void {
    const record = this.records.get(number);
    if (!record || name === undefined || record.learnedName === name) return;
    record.learnedName = name;
    this.dirty.extensions.add(number);
  }

  /** Carries qualify results over a resync: EndpointList lists contacts but not their RTT. */
  adoptContactDetails(from: ExtensionStore): void {
    for (const [number, record] of this.records) {
      const old = from.records.get(number);
      if (!old) continue;
      for (const [uri, contact] of record.contacts) {
        const previous = old.contacts.get(uri);
        if (previous) record.contacts.set(uri, { ...previous, ...contact, status: previous.status, rttMs: previous.rttMs });
      }
      record.learnedName ??= old.learnedName;
    }
  }

  view(number: string, callIds: string[], nameSource?: (n: string) => string | undefined): ExtensionView | undefined {
    const record = this.records.get(number);
    if (!record) return undefined;
    const contacts = [...record.contacts.values()].map((contact) => ({ ...contact }));
    const live = contacts.filter((contact) => contact.status !== 'unreachable');
    const rtts = live.map((contact) => contact.rttMs).filter((rtt): rtt is number => rtt !== undefined);
    const view: ExtensionView = {
      number,
      deviceState: record.deviceState,
      registration: { contacts, reachable: live.length > 0 },
      dnd: record.dnd,
      callIds,
    };
    const name = safeName(nameSource, number) ?? record.learnedName;
    if (name !== undefined) view.name = name;
    if (rtts.length > 0) view.registration.rttMs = Math.min(...rtts);
    return view;
  }
}

/** The injected name source is someone else's code: a throw there must not break the model. */
export function safeName(source: ((n: string) => string | undefined) | undefined, number: string): string | undefined {
  if (!source) return undefined;
  try {
    const name = source(number);
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}
