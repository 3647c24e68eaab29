/**
 * A tiny AMI server for tests: banner, Login check, and a per-test script for every
 * other action. Deliberately independent of the PBX simulator so transport tests do not
 * move when the simulator does.
 */
import net from 'node:net';
import { AmiParser, serializeAmi, type AmiFieldValue, type AmiMessage } from '../codec';

export interface ScriptedPeer {
  /** Every action received on this connection, Login included. */
  readonly actions: AmiMessage[];
  /** Raw bytes received, for injection checks. */
  readonly received: Buffer[];
  send(message: string | Record<string, AmiFieldValue>): void;
  destroy(): void;
}

export interface ScriptedAmiServerOptions {
  banner?: string;
  username?: string;
  secret?: string;
  /** Text written right after the Login response, in the same write. */
  afterLogin?: (login: AmiMessage) => string;
  /** Answers one non-Login action; default answers Ping and Success for anything else.
   *  Return nothing to stay silent. */
  onAction?: (action: AmiMessage, peer: ScriptedPeer) => void;
}

export class ScriptedAmiServer {
  readonly peers: ScriptedPeer[] = [];
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly options: ScriptedAmiServerOptions) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  static async start(options: ScriptedAmiServerOptions = {}): Promise<ScriptedAmiServer> {
    const server = new ScriptedAmiServer(options);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('server not listening');
    return address.port;
  }

  /** Every action received on any connection, in order. */
  get actions(): AmiMessage[] {
    return this.peers.flatMap((peer) => peer.actions);
  }

  /** Connections open on the server side (a closed client socket leaves this set). */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Drops every live connection, as a PBX restart would. */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const peer: ScriptedPeer = {
      actions: [],
      received: [],
      send: (message) => {
        if (!socket.destroyed) socket.write(typeof message === 'string' ? message : serializeAmi(message));
      },
      destroy: () => socket.destroy(),
    };
    this.peers.push(peer);
    const parser = new AmiParser({ onMessage: (action) => this.answer(action, peer) }, { expectBanner: false });
    socket.on('data', (chunk: Buffer) => {
      peer.received.push(chunk);
      parser.push(chunk);
    });
    socket.write(`${this.options.banner ?? 'Asterisk Call Manager/11.0.0'}\r\n`);
  }

  private answer(action: AmiMessage, peer: ScriptedPeer): void {
    peer.actions.push(action);
    const actionId = action.actionId ?? '';
    const name = action.get('action')?.toLowerCase();
    if (name === 'login') {
      const accepted =
        action.get('username') === (this.options.username ?? 'ondeck') &&
        action.get('secret') === (this.options.secret ?? 'secret');
      const response = accepted
        ? serializeAmi({ Response: 'Success', ActionID: actionId, Message: 'Authentication accepted' })
        : serializeAmi({ Response: 'Error', ActionID: actionId, Message: 'Authentication failed' });
      peer.send(response + (accepted && this.options.afterLogin ? this.options.afterLogin(action) : ''));
      return;
    }
    if (this.options.onAction) {
      this.options.onAction(action, peer);
      return;
    }
    if (name === 'ping') {
      peer.send({ Response: 'Success', ActionID: actionId, Ping: 'Pong', Timestamp: '1795000000.000000' });
      return;
    }
    peer.send({ Response: 'Success', ActionID: actionId, Message: 'OK' });
  }
}

/** Polls until `condition` holds; I/O in these tests is real, time is not asserted. */
export async function eventually(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
