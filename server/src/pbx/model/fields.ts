/**
 * Guarded readers for AMI fields. Asterisk sends text; a broken or hostile peer can send
 * anything, so every reader returns undefined (or a fallback) instead of throwing.
 */
import type { AmiMessage } from '../ami/codec';

/** Values Asterisk uses for "no value" in caller-id and similar fields. */
const EMPTY_MARKERS = new Set(['', '<unknown>', 'unknown', '(null)', '<none>']);

/** Longest text we keep from one field: caller-id names come from the outside world. */
const MAX_TEXT = 256;

export function text(msg: AmiMessage, key: string): string | undefined {
  const value = msg.get(key);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (EMPTY_MARKERS.has(trimmed)) return undefined;
  return trimmed.length > MAX_TEXT ? trimmed.slice(0, MAX_TEXT) : trimmed;
}

export function int(msg: AmiMessage, key: string): number | undefined {
  const value = msg.get(key)?.trim();
  if (value === undefined || !/^-?\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

export function float(msg: AmiMessage, key: string): number | undefined {
  const value = msg.get(key)?.trim();
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** AMI booleans: 1/0, true/false, yes/no. */
export function bool(msg: AmiMessage, key: string): boolean | undefined {
  const value = msg.get(key)?.trim().toLowerCase();
  if (value === '1' || value === 'true' || value === 'yes') return true;
  if (value === '0' || value === 'false' || value === 'no') return false;
  return undefined;
}

/** Uniqueid / Linkedid look like `1795274819.70`; anything else is not an id we trust. */
export function channelId(msg: AmiMessage, key: string): string | undefined {
  const value = msg.get(key)?.trim();
  return value !== undefined && /^[\w.-]{1,64}$/.test(value) ? value : undefined;
}

/** Epoch ms encoded in a Uniqueid (`<epoch seconds>.<sequence>`), for call start times. */
export function uniqueidEpochMs(uniqueid: string): number | undefined {
  const seconds = Number(uniqueid.split('.')[0]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export interface ChannelName {
  tech: string;
  /** Endpoint or device part: `1001` in `PJSIP/1001-0000002f`, `1003@from-queue` for Local. */
  resource: string;
  /** For Local channels: which half (;1 or ;2) and the key shared by both halves. */
  local?: { half: 1 | 2; pairKey: string };
}

/** Parses `PJSIP/1001-0000002f`, `Local/1003@from-queue-00000003;1`, `SIP/trunk-00a1`. */
export function parseChannelName(name: string): ChannelName | undefined {
  const slash = name.indexOf('/');
  if (slash <= 0) return undefined;
  const tech = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  if (tech.toLowerCase() === 'local') {
    const match = /^(.*)-[0-9a-f]+;([12])$/i.exec(rest);
    if (!match?.[1]) return { tech, resource: rest };
    const half = match[2] === '1' ? 1 : 2;
    return { tech, resource: match[1], local: { half, pairKey: name.slice(0, -2) } };
  }
  // The sequence suffix after the last dash is Asterisk's; endpoint names may contain dashes.
  const dash = rest.lastIndexOf('-');
  return { tech, resource: dash > 0 ? rest.slice(0, dash) : rest };
}

/** `PJSIP/1001` style device names of phones (not Local, Queue:, Custom:, MWI:). */
export function phoneDeviceEndpoint(device: string): string | undefined {
  const match = /^(PJSIP|SIP|IAX2|DAHDI)\/([^/&,\s]+)$/i.exec(device.trim());
  return match?.[2];
}

/** Extension number a Local member or state interface points at: `Local/1003@from-queue/n`, `hint:1003@ext-local`. */
export function extensionFromInterface(iface: string): string | undefined {
  const phone = phoneDeviceEndpoint(iface);
  if (phone) return phone;
  const match = /^(?:Local|hint):([^@]+)@/i.exec(iface.replace(/^Local\//i, 'Local:'));
  return match?.[1];
}
