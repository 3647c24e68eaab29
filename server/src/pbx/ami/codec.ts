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

export class AmiMessage {
  /** Lower-cased key -> values in arrival order. */
  private readonly values = new Map<string, string[]>();
  /** Original key spelling and value, in arrival order, for faithful re-serialization. */
  readonly lines: Array<readonly [key: string, value: string]> = [];

  static from(fields: Record<string, string | readonly string[]>): AmiMessage {
    const message = new AmiMessage();
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value === 'string') message.add(key, value);
      else for (const item of value) message.add(key, item);
    }
    return message;
  }

  add(key: string, value: string): void {
    const lower = key.toLowerCase();
    const existing = this.values.get(lower);
    if (existing) existing.push(value);
    else this.values.set(lower, [value]);
    this.lines.push([key, value]);
  }

  /** First value of a header, case-insensitively; undefined when absent. */
  get(key: string): string | undefined {
    return this.values.get(key.toLowerCase())?.[0];
  }

  /** Every value of a repeated header, in order. */
  getAll(key: string): readonly string[] {
    return this.values.get(key.toLowerCase()) ?? [];
  }

  has(key: string): boolean {
    return this.values.has(key.toLowerCase());
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
    for (const [key, values] of this.values) out[key] = values[0] ?? '';
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
        this.line(data.slice(start, end));
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

  private line(line: string): void {
    if (!this.bannerSeen) {
      this.bannerSeen = true;
      // Asterisk's banner has no colon-space; anything else means we joined mid-stream.
      if (!line.includes(': ')) {
        this.handlers.onBanner?.(line);
        return;
      }
    }
    if (line.length === 0) {
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
    if (line.length > AMI_LIMITS.maxLineBytes) {
      this.handlers.onJunk?.('line too long', line.slice(0, 80));
      this.dropCurrent();
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      this.handlers.onJunk?.('line without key', line.slice(0, 80));
      return;
    }
    const key = line.slice(0, colon).trim();
    let valueStart = colon + 1;
    if (line.charCodeAt(valueStart) === 32) valueStart += 1;
    const value = line.slice(valueStart);
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

/** Removes CR and LF so a value can never inject a header or end a message early. */
export function sanitizeAmiValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** Header keys are never user data, but a bad key would still break framing. */
function sanitizeAmiKey(key: string): string {
  return key.replace(/[\r\n:]+/g, '');
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
