/**
 * AMI wire codec: a streaming parser for Asterisk Manager Interface messages and a
 * serializer for actions. Shared by OnDeck's AMI client and the PBX simulator, so both
 * sides of every test speak exactly the same framing.
 *
 * Framing facts (see README "AMI transport"): `Key: Value\r\n` lines, a message ends at an
 * empty line, the first line of a connection is a banner without a terminator pair.
 * Keys are case-insensitive and Asterisk is inconsistent about them, so keys are stored
 * lower-cased; repeated keys (ChanVariable, Output) keep every value in order.
 */

import { StringDecoder } from 'node:string_decoder';

/** Upper bounds that keep one hostile or broken peer from exhausting memory. */
export const AMI_LIMITS = {
  /** A single line longer than this is dropped (and reported) rather than buffered. */
  maxLineBytes: 64 * 1024,
  /** A message with more headers than this is dropped. */
  maxHeaders: 512,
} as const;

/**
 * Case-insensitive comparison of a stored header key with an already lower-cased one,
 * without allocating: header keys are ASCII, so folding A-Z is enough; anything else
 * falls back to toLowerCase.
 */
function keyMatches(stored: string, lower: string): boolean {
  if (stored.length !== lower.length) return false;
  for (let index = 0; index < lower.length; index++) {
    let code = stored.charCodeAt(index);
    if (code >= 65 && code <= 90) code += 32;
    else if (code > 127) return stored.toLowerCase() === lower;
    if (code !== lower.charCodeAt(index)) return false;
  }
  return true;
}

/**
 * One AMI message. Headers are kept as flat parallel arrays, not a Map of arrays, and
 * keys are compared case-insensitively on lookup instead of lower-cased on arrival: a
 * message has about 20 headers, a scan is cheap, and building one then costs two array
 * pushes per header at 200k messages per second (see README "What made our parser fast").
 */
export class AmiMessage {
  /** Original key spelling, in arrival order. */
  private readonly keys: string[] = [];
  private readonly values: string[] = [];

  static from(fields: Record<string, string | readonly string[]>): AmiMessage {
    const message = new AmiMessage();
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value === 'string') message.add(key, value);
      else for (const item of value) message.add(key, item);
    }
    return message;
  }

  add(key: string, value: string): void {
    this.keys.push(key);
    this.values.push(value);
  }

  /** Original key spelling and value, in arrival order, for faithful re-serialization. */
  get lines(): Array<readonly [key: string, value: string]> {
    return this.keys.map((key, index) => [key, this.values[index] ?? ''] as const);
  }

  /** Number of header lines. */
  get size(): number {
    return this.keys.length;
  }

  /** First value of a header, case-insensitively; undefined when absent. */
  get(key: string): string | undefined {
    const lower = key.toLowerCase();
    for (let index = 0; index < this.keys.length; index++) {
      if (keyMatches(this.keys[index] ?? '', lower)) return this.values[index];
    }
    return undefined;
  }

  /** Every value of a repeated header, in order. */
  getAll(key: string): readonly string[] {
    const lower = key.toLowerCase();
    const out: string[] = [];
    for (let index = 0; index < this.keys.length; index++) {
      if (keyMatches(this.keys[index] ?? '', lower)) out.push(this.values[index] ?? '');
    }
    return out;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** `Event` header value, or undefined for responses. */
  get event(): string | undefined {
    return this.get('event');
  }

  /** `Response` header value, or undefined for events. */
  get response(): string | undefined {
    return this.get('response');
  }

  get actionId(): string | undefined {
    return this.get('actionid');
  }

  /** Flat view with lower-cased keys and the first value of each; handy for logs and tests. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let index = 0; index < this.keys.length; index++) {
      const key = (this.keys[index] ?? '').toLowerCase();
      if (!Object.hasOwn(out, key)) out[key] = this.values[index] ?? '';
    }
    return out;
  }
}

export interface AmiParserEvents {
  onBanner?: (banner: string) => void;
  onMessage: (message: AmiMessage) => void;
  /** A malformed or oversized piece of input was skipped. Never fatal. */
  onJunk?: (reason: string, sample: string) => void;
}

/**
 * Incremental parser. Feed it socket chunks of any size; it never re-scans bytes it has
 * already consumed, so throughput stays flat whatever the read size.
 */
export class AmiParser {
  private pending = '';
  private current: AmiMessage | undefined;
  private headerCount = 0;
  private bannerSeen: boolean;
  private discardingLongLine = false;
  /** After an oversized line or header flood, the rest of that message is skipped, so
   *  its tail never surfaces as a truncated message of its own. */
  private skippingMessage = false;
  /** Keeps a UTF-8 character split across two socket reads in one piece. */
  private decoder = new StringDecoder('utf8');

  constructor(
    private readonly handlers: AmiParserEvents,
    options: { expectBanner?: boolean } = {},
  ) {
    this.bannerSeen = !(options.expectBanner ?? true);
  }

  push(chunk: string | Buffer): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let data = this.pending.length > 0 ? this.pending + text : text;
    let start = 0;
    for (;;) {
      const newline = data.indexOf('\n', start);
      if (newline === -1) break;
      let end = newline;
      if (end > start && data.charCodeAt(end - 1) === 13) end -= 1;
      if (this.discardingLongLine) {
        this.discardingLongLine = false;
      } else {
        this.line(data, start, end);
      }
      start = newline + 1;
    }
    data = start === 0 ? data : data.slice(start);
    if (data.length > AMI_LIMITS.maxLineBytes) {
      this.handlers.onJunk?.('line too long', data.slice(0, 80));
      this.discardingLongLine = true;
      data = '';
      this.dropCurrent();
    }
    this.pending = data;
  }

  /** Forget any partial input, e.g. after the connection closed. */
  reset(expectBanner = true): void {
    this.pending = '';
    this.current = undefined;
    this.headerCount = 0;
    this.bannerSeen = !expectBanner;
    this.discardingLongLine = false;
    this.skippingMessage = false;
    this.decoder = new StringDecoder('utf8');
  }

  /** Handles `data[start, end)`, one line without its terminator. Works on indices so the
   *  hot path slices only the key and the value, never the whole line. */
  private line(data: string, start: number, end: number): void {
    if (!this.bannerSeen) {
      this.bannerSeen = true;
      const first = data.slice(start, end);
      // Asterisk's banner has no colon-space; anything else means we joined mid-stream.
      if (!first.includes(': ')) {
        this.handlers.onBanner?.(first);
        return;
      }
    }
    if (start === end) {
      if (this.skippingMessage) {
        this.skippingMessage = false;
        return;
      }
      const message = this.current;
      this.current = undefined;
      this.headerCount = 0;
      if (message) this.handlers.onMessage(message);
      return;
    }
    if (this.skippingMessage) return;
    if (end - start > AMI_LIMITS.maxLineBytes) {
      this.handlers.onJunk?.('line too long', data.slice(start, start + 80));
      this.dropCurrent();
      return;
    }
    const colon = data.indexOf(':', start);
    if (colon <= start || colon >= end) {
      this.handlers.onJunk?.('line without key', data.slice(start, Math.min(end, start + 80)));
      return;
    }
    let key = data.slice(start, colon);
    if (data.charCodeAt(start) === 32 || data.charCodeAt(colon - 1) === 32) key = key.trim();
    let valueStart = colon + 1;
    if (data.charCodeAt(valueStart) === 32) valueStart += 1;
    const value = valueStart >= end ? '' : data.slice(valueStart, end);
    if (!this.current) this.current = new AmiMessage();
    if (++this.headerCount > AMI_LIMITS.maxHeaders) {
      this.handlers.onJunk?.('too many headers', key);
      this.dropCurrent();
      return;
    }
    this.current.add(key, value);
  }

  private dropCurrent(): void {
    this.current = undefined;
    this.headerCount = 0;
    this.skippingMessage = true;
  }
}

/**
 * Every control character: C0 (NUL..US, including CR, LF and TAB), DEL and C1. CR/LF would
 * inject a header or end the action early; NUL ends a C string inside Asterisk, so what it
 * acted on would differ from what we logged; the others have no business in a header value.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;

/** Replaces each run of control characters with one space, so words stay apart. */
export function sanitizeAmiValue(value: string): string {
  return value.replace(CONTROL_CHARACTERS, ' ');
}

/** Header keys are never user data, but a bad key would still break framing. */
function sanitizeAmiKey(key: string): string {
  return key.replace(CONTROL_CHARACTERS, '').replace(/:/g, '');
}

export type AmiFieldValue = string | number | boolean | readonly string[] | undefined;

/**
 * Serializes one message. Arrays become repeated headers (Variable: a=1, Variable: b=2);
 * undefined fields are skipped.
 */
export function serializeAmi(fields: Record<string, AmiFieldValue> | AmiMessage): string {
  let out = '';
  if (fields instanceof AmiMessage) {
    for (const [key, value] of fields.lines) out += `${sanitizeAmiKey(key)}: ${sanitizeAmiValue(value)}\r\n`;
    return out + '\r\n';
  }
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const safeKey = sanitizeAmiKey(key);
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) out += `${safeKey}: ${sanitizeAmiValue(item)}\r\n`;
    } else {
      out += `${safeKey}: ${sanitizeAmiValue(String(value))}\r\n`;
    }
  }
  return out + '\r\n';
}
