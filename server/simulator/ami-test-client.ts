import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { AmiMessage} from '../src/pbx/ami/codec';
import { AmiParser, serializeAmi } from '../src/pbx/ami/codec';

/** A tiny AMI client for the simulator's own tests: collects everything it receives. */
export class AmiTestClient {
  readonly messages: AmiMessage[] = [];
  banner = '';
  closed = false;
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: Socket) {
    const parser = new AmiParser({
      onBanner: (b) => {
        this.banner = b;
        this.wake();
      },
      onMessage: (m) => {
        this.messages.push(m);
        this.wake();
      },
    });
    socket.on('data', (chunk) => parser.push(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<AmiTestClient> {
    const socket = connect(port, host);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    const client = new AmiTestClient(socket);
    await client.until(() => client.banner !== '');
    return client;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when the predicate holds; rejects after 2 s so a broken test fails instead of hanging. */
  until(predicate: () => boolean, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 2000);
      const check = (): void => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  send(fields: Record<string, string>): void {
    this.socket.write(serializeAmi(fields));
  }

  /** Sends an action and waits for the response with its ActionID. */
  async action(fields: Record<string, string>): Promise<AmiMessage> {
    const id = fields.ActionID ?? `t-${Math.random().toString(36).slice(2)}`;
    this.send({ ...fields, ActionID: id });
    await this.until(() => this.messages.some((m) => m.response !== undefined && m.actionId === id), `response to ${fields.Action ?? ''}`);
    const found = this.messages.find((m) => m.response !== undefined && m.actionId === id);
    if (!found) throw new Error('unreachable');
    return found;
  }

  /** Waits for a list's Complete event and returns the items. */
  async list(fields: Record<string, string>, completeEvent: string): Promise<AmiMessage[]> {
    const id = fields.ActionID ?? `l-${Math.random().toString(36).slice(2)}`;
    this.send({ ...fields, ActionID: id });
    await this.until(() => this.messages.some((m) => m.event === completeEvent && m.actionId === id), completeEvent);
    return this.messages.filter((m) => m.actionId === id && m.event !== undefined && m.event !== completeEvent);
  }

  events(name?: string): AmiMessage[] {
    return this.messages.filter((m) => m.event !== undefined && (name === undefined || m.event === name));
  }

  async login(secret = 'panelsecret', events = 'on'): Promise<AmiMessage> {
    return this.action({ Action: 'Login', Username: 'panel', Secret: secret, Events: events });
  }

  close(): void {
    this.socket.destroy();
  }
}
