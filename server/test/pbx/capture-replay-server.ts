/**
 * A loopback AMI server that plays one recorded capture back byte for byte, so a replay
 * goes through the real TCP socket, AmiClient, AmiConnection and PbxService.
 *
 * It accepts the client's Login and answers with the capture's own login response (only
 * the ActionID is rewritten, because the client owns its ActionIDs), then streams the
 * capture's messages on request in random chunk sizes. The list actions of OnDeck's resync
 * are answered with the idle state the lab PBX had before every capture (README: "Each
 * capture started when no channel existed"), Ping with Pong.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { AmiMessage, AmiParser, serializeAmi } from '../../src/pbx/ami/codec';
import { readCapture } from '../../src/pbx/ami/testing/captures';

/** The banner line and each message of a capture as raw bytes (latin1 keeps bytes exact). */
export interface CaptureBlocks {
  banner: string;
  messages: string[];
}

/** Splits at the empty line that ends each message, keeping CRLF or bare LF as recorded. */
export function splitCapture(name: string): CaptureBlocks {
  const text = readCapture(name).toString('latin1');
  const bannerEnd = text.indexOf('\n') + 1;
  const messages: string[] = [];
  let current = '';
  for (const line of text.slice(bannerEnd).split(/(?<=\n)/)) {
    if (line === '\r\n' || line === '\n') {
      if (current.length > 0) messages.push(current + line);
      else if (messages.length > 0) messages[messages.length - 1] += line;
      current = '';
    } else {
      current += line;
    }
  }
  return { banner: text.slice(0, bannerEnd), messages };
}

export interface CaptureReplayServerOptions {
  capture: CaptureBlocks;
  /** What the resync lists report: DeviceStateChange and QueueParams/QueueMember items. */
  idleState: AmiMessage[];
  random: () => number;
  /** Largest write; each write is 1..maxChunk bytes. */
  maxChunk?: number;
}

const LIST_ITEMS: Record<string, { complete: string; items: (idle: AmiMessage[]) => AmiMessage[] }> = {
  coreshowchannels: { complete: 'CoreShowChannelsComplete', items: () => [] },
  queuestatus: { complete: 'QueueStatusComplete', items: (idle) => idle.filter((m) => m.event === 'QueueParams' || m.event === 'QueueMember') },
  devicestatelist: { complete: 'DeviceStateListComplete', items: (idle) => idle.filter((m) => m.event === 'DeviceStateChange') },
  extensionstatelist: { complete: 'ExtensionStateListComplete', items: () => [] },
  pjsipshowendpoints: { complete: 'EndpointListComplete', items: () => [] },
};

export class CaptureReplayServer {
  private server: Server | undefined;
  private socket: Socket | undefined;
  /** Messages of the capture written so far (the login response is message 1). */
  private sent = 0;
  private writing: Promise<void> = Promise.resolve();
  readonly actions: string[] = [];
  private markLoggedIn: () => void = () => undefined;
  private readonly loggedIn = new Promise<void>((resolve) => (this.markLoggedIn = resolve));

  private constructor(private readonly options: CaptureReplayServerOptions) {}

  static async start(options: CaptureReplayServerOptions): Promise<CaptureReplayServer> {
    const replay = new CaptureReplayServer(options);
    const server = createServer((socket) => replay.accept(socket));
    replay.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return replay;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  /** Streams the capture up to and including message `count` once the client has logged in; resolves once written. */
  async streamUntil(count: number): Promise<void> {
    await this.loggedIn;
    const from = this.sent;
    if (count <= from) return this.writing;
    this.sent = count;
    return this.enqueue(this.options.capture.messages.slice(from, count).join(''));
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.socket?.destroy();
    this.socket = socket;
    socket.on('error', () => undefined);
    const parser = new AmiParser({ onMessage: (action) => this.onAction(action) });
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
    socket.write(this.options.capture.banner, 'latin1');
  }

  private onAction(action: AmiMessage): void {
    const name = (action.get('Action') ?? '').toLowerCase();
    const id = action.actionId ?? '';
    this.actions.push(name);
    if (name === 'login') {
      const login = this.options.capture.messages[0] ?? '';
      this.sent = Math.max(this.sent, 1);
      this.schedule(login.replace(/^ActionID: [^\r\n]*/m, `ActionID: ${id}`));
      this.markLoggedIn();
      return;
    }
    if (name === 'ping') {
      this.schedule(serializeAmi({ Response: 'Success', ActionID: id, Ping: 'Pong', Timestamp: '0' }));
      return;
    }
    if (name === 'logoff') {
      this.schedule(serializeAmi({ Response: 'Goodbye', ActionID: id, Message: 'Thanks for all the fish.' }));
      return;
    }
    const list = LIST_ITEMS[name];
    if (!list) {
      this.schedule(serializeAmi({ Response: 'Error', ActionID: id, Message: `Invalid/unknown command: ${name}` }));
      return;
    }
    const items = list.items(this.options.idleState);
    let out = serializeAmi({ Response: 'Success', ActionID: id, EventList: 'start', Message: 'List will follow' });
    for (const item of items) out += serializeAmi(AmiMessage.from({ ...item.toObject(), ActionID: id }));
    out += serializeAmi({ Event: list.complete, ActionID: id, EventList: 'Complete', ListItems: String(items.length) });
    this.schedule(out);
  }

  /** One writer at a time, so chunks of two answers never interleave on the wire. */
  /** Queues bytes behind everything already queued; resolves once they are written. */
  private enqueue(text: string): Promise<void> {
    this.schedule(text);
    return this.writing;
  }

  /** Queues an answer; nobody waits for it, the writing chain keeps the order. */
  private schedule(text: string): void {
    const bytes = Buffer.from(text, 'latin1');
    this.writing = this.writing.then(() => this.writeInChunks(bytes));
  }

  private async writeInChunks(bytes: Buffer): Promise<void> {
    const maxChunk = this.options.maxChunk ?? 1500;
    let offset = 0;
    while (offset < bytes.length) {
      const socket = this.socket;
      if (!socket || socket.destroyed) return;
      const size = 1 + Math.floor(this.options.random() * maxChunk);
      socket.write(bytes.subarray(offset, offset + size));
      offset += size;
      // Let the event loop run so the reader sees separate reads, not one coalesced buffer.
      if (this.options.random() < 0.3) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
