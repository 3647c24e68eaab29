import type { Socket } from 'node:net';
import type { AmiMessage} from '../src/pbx/ami/codec';
import { AmiParser, serializeAmi } from '../src/pbx/ami/codec';
import type { EventClass, Fields, SimEvent } from './types';
import { EVENT_CLASSES } from './types';

export const AMI_BANNER = 'Asterisk Call Manager/11.0.0';

/** Parses a Login `Events:` / Events `EventMask:` value into a set of classes (null = invalid). */
export function parseEventMask(value: string | undefined): Set<EventClass> | null {
  const text = (value ?? 'on').trim().toLowerCase();
  if (text === 'on' || text === 'yes' || text === 'true' || text === 'all' || text === '') return new Set(EVENT_CLASSES);
  if (text === 'off' || text === 'no' || text === 'false' || text === 'none') return new Set();
  const out = new Set<EventClass>();
  for (const part of text.split(',')) {
    const name = part.trim();
    const known = EVENT_CLASSES.find((c) => c === name);
    if (known) out.add(known);
    else if (name === 'all') for (const c of EVENT_CLASSES) out.add(c);
    else if (name.length > 0) return null;
  }
  return out;
}

/** One AMI client connection: authentication state, event mask and the wire. */
export class AmiSession {
  authenticated = false;
  username = '';
  mask = new Set<EventClass>();
  closed = false;
  private readonly parser: AmiParser;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    onAction: (session: AmiSession, message: AmiMessage) => void,
  ) {
    this.parser = new AmiParser({ onMessage: (message) => onAction(this, message) }, { expectBanner: false });
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.parser.push(chunk));
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => {
      this.closed = true;
    });
    socket.write(`${AMI_BANNER}\r\n`);
  }

  write(fields: Fields | AmiMessage): void {
    if (this.closed) return;
    this.socket.write(serializeAmi(fields));
  }

  /** `Response: X`, then ActionID when the request had one, then the rest. */
  respond(request: AmiMessage, response: 'Success' | 'Error' | 'Goodbye', fields: Fields = {}): void {
    const actionId = request.actionId;
    this.write({ Response: response, ...(actionId === undefined ? {} : { ActionID: actionId }), ...fields });
  }

  error(request: AmiMessage, message: string): void {
    this.respond(request, 'Error', { Message: message });
  }

  /** Delivers an unsolicited event if the session's mask includes its class. */
  deliver(event: SimEvent): void {
    if (!this.authenticated || !this.mask.has(event.privilege)) return;
    this.write({ Event: event.name, Privilege: `${event.privilege},all`, ...event.fields });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.end();
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
