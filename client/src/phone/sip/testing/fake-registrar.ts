import { EmitterImpl, TransportState } from 'sip.js';
import type { Transport } from 'sip.js';

/** What the fake registrar does with the next REGISTER requests. */
export type RegistrarMode = 'accept' | 'wrong-password' | 'down';

function header(message: string, name: string): string {
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(message);
  return match?.[1]?.trim() ?? '';
}

/**
 * A registrar in memory for SIP.js unit tests: plugged in as the UserAgent's transport,
 * it answers REGISTER with a digest challenge, then 200 (or 401 again in wrong-password
 * mode), and can drop every connection like a restarting Kamailio.
 */
export class FakeRegistrar {
  mode: RegistrarMode = 'accept';
  /** `REGISTER expires=N` for each request that carried credentials. */
  readonly registrations: string[] = [];
  readonly transports = new Set<FakeRegistrarTransport>();

  /** The server closes every WebSocket (restart, crash). */
  dropAll(): void {
    for (const transport of this.transports) transport.serverClosed();
  }

  respond(transport: FakeRegistrarTransport, request: string): void {
    const method = /^(\w+) /.exec(request)?.[1];
    if (method !== 'REGISTER') return;
    const contact = header(request, 'Contact');
    const authorized = header(request, 'Authorization') !== '';
    let status = '401 Unauthorized';
    const extra: string[] = [];
    if (authorized && this.mode === 'accept') {
      status = '200 OK';
      extra.push(`Contact: ${contact}`);
      this.registrations.push(`REGISTER expires=${/expires=(\d+)/.exec(contact)?.[1] ?? '?'}`);
    } else {
      extra.push(`WWW-Authenticate: Digest realm="fake", nonce="${Math.random().toString(36).slice(2)}", algorithm=MD5`);
    }
    const response = [
      `SIP/2.0 ${status}`,
      `Via: ${header(request, 'Via')}`,
      `From: ${header(request, 'From')}`,
      `To: ${header(request, 'To')};tag=registrar`,
      `Call-ID: ${header(request, 'Call-ID')}`,
      `CSeq: ${header(request, 'CSeq')}`,
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    setTimeout(() => transport.deliver(response), 0);
  }
}

/** SIP.js transport talking to a FakeRegistrar; pass `{ registrar }` as transportOptions. */
export class FakeRegistrarTransport implements Transport {
  readonly protocol = 'WS';
  readonly stateChange = new EmitterImpl<TransportState>();
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  #state = TransportState.Disconnected;
  readonly #registrar: FakeRegistrar;

  constructor(_logger: unknown, options: { registrar: FakeRegistrar }) {
    this.#registrar = options.registrar;
    this.#registrar.transports.add(this);
  }

  get state(): TransportState {
    return this.#state;
  }

  async connect(): Promise<void> {
    if (this.#registrar.mode === 'down') throw new Error('connection refused');
    this.#move(TransportState.Connected);
    this.onConnect?.();
  }

  async disconnect(): Promise<void> {
    this.#move(TransportState.Disconnected);
    this.onDisconnect?.();
  }

  async dispose(): Promise<void> {
    this.#registrar.transports.delete(this);
    this.#move(TransportState.Disconnected);
  }

  isConnected(): boolean {
    return this.#state === TransportState.Connected;
  }

  async send(message: string): Promise<void> {
    if (!this.isConnected()) throw new Error('not connected');
    this.#registrar.respond(this, message);
  }

  deliver(message: string): void {
    if (this.isConnected()) this.onMessage?.(message);
  }

  serverClosed(): void {
    if (!this.isConnected()) return;
    this.#move(TransportState.Disconnected);
    this.onDisconnect?.(new Error('closed by server'));
  }

  #move(state: TransportState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.stateChange.emit(state);
  }
}
