import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import type { AmiMessage } from '../src/pbx/ami/codec';
import type { ActionHandler } from './action-context';
import { coreActions } from './actions-core';
import { AmiSession, parseEventMask } from './ami-session';
import { callActions } from './call-actions';
import type { CallRegistry } from './call-registry';
import { listActions } from './list-actions';
import type { World } from './world';

export interface RecordedAction {
  sessionId: number;
  /** The action name as sent. */
  action: string;
  /** Every header as received (first value per key, original spelling). */
  fields: Record<string, string>;
  message: AmiMessage;
}

export interface AmiServerOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  world: World;
  calls: CallRegistry;
}

const HANDLERS: Record<string, ActionHandler> = { ...coreActions, ...listActions, ...callActions };

/** The AMI listener: sessions, Login, event fan-out filtered by each session's mask. */
export class AmiServer {
  readonly sessions = new Set<AmiSession>();
  readonly recordedActions: RecordedAction[] = [];
  private server: Server | undefined;
  private nextSessionId = 1;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: AmiServerOptions) {
    this.unsubscribe = options.world.onEvent((event) => {
      for (const session of this.sessions) session.deliver(event);
    });
  }

  async listen(): Promise<AddressInfo> {
    const server = createServer((socket) => {
      const session = new AmiSession(this.nextSessionId++, socket, (s, message) => this.handle(s, message));
      this.sessions.add(session);
      socket.on('close', () => this.sessions.delete(session));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    return server.address() as AddressInfo;
  }

  /** Cuts every client connection, as an Asterisk restart would. */
  dropAllConnections(): void {
    for (const session of this.sessions) session.destroy();
    this.sessions.clear();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.dropAllConnections();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(session: AmiSession, request: AmiMessage): void {
    const action = request.get('Action');
    const fields: Record<string, string> = {};
    for (const [key, value] of request.lines) if (!(key in fields)) fields[key] = value;
    this.recordedActions.push({ sessionId: session.id, action: action ?? '', fields, message: request });
    if (action === undefined) return session.error(request, 'Missing action in request');
    const name = action.toLowerCase();
    if (name === 'login') return this.login(session, request);
    if (!session.authenticated) {
      if (name === 'logoff') return coreActions.logoff?.({ session, request, world: this.options.world, calls: this.options.calls });
      return session.error(request, 'Permission denied');
    }
    const handler = HANDLERS[name];
    if (!handler) return session.error(request, `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`);
    handler({ session, request, world: this.options.world, calls: this.options.calls });
  }

  private login(session: AmiSession, request: AmiMessage): void {
    if (session.authenticated) return session.respond(request, 'Success', { Message: 'Already authenticated' });
    const { username, secret, world } = this.options;
    if (request.get('Username') !== username || request.get('Secret') !== secret) {
      session.error(request, 'Authentication failed');
      session.close();
      return;
    }
    session.authenticated = true;
    session.username = username;
    session.mask = parseEventMask(request.get('Events')) ?? new Set();
    session.respond(request, 'Success', { Message: 'Authentication accepted' });
    const uptime = String(world.nowSeconds() - Math.floor(world.startedAt / 1000));
    session.deliver({ name: 'FullyBooted', privilege: 'system', fields: { Uptime: uptime, LastReload: uptime, Status: 'Fully Booted' } });
    // Asterisk reports its own AMI logins as a security event, to every listener of that class.
    const now = new Date(world.clock.now()).toISOString().replace('Z', '+0000');
    const local = session.socket.localAddress ?? '127.0.0.1';
    const remote = session.socket.remoteAddress ?? '127.0.0.1';
    world.emit('SuccessfulAuth', 'security', {
      EventTV: now,
      Severity: 'Informational',
      Service: 'AMI',
      EventVersion: '1',
      AccountID: username,
      SessionID: `0x${session.id.toString(16).padStart(12, '0')}`,
      LocalAddress: `IPV4/TCP/${local.replace('::ffff:', '')}/${session.socket.localPort ?? 0}`,
      RemoteAddress: `IPV4/TCP/${remote.replace('::ffff:', '')}/${session.socket.remotePort ?? 0}`,
      UsingPassword: '0',
      SessionTV: now,
    });
  }
}
