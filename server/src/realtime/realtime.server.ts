import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  sessionRenewSchema,
  type ClientToServerEvents,
  type DisconnectReason,
  type InterServerEvents,
  type PbxStatus,
  type ServerToClientEvents,
  type SocketData,
} from '@ondeck/shared';
import type { AuthService } from '../auth';
import { toSessionUser } from '../auth';
import type { Clock } from '../lib/clock';
import { statusForRole, type PbxStatusSource } from '../health';
import { clientAddress } from '../http';
import { AppError } from '../lib/app-error';
import { runDetached } from '../lib/detached';
import type { Logger } from '../logging';
import type { AccountEvents, SessionsEnded, UsersRepository } from '../users';
import { withAck } from './socket-handler';

export type OnDeckIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type OnDeckSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeDeps {
  auth: AuthService;
  users: UsersRepository;
  events: AccountEvents;
  pbxStatus: PbxStatusSource;
  clock: Clock;
  logger: Logger;
  /** Reverse proxies in front of OnDeck (TRUST_PROXY); the socket's address is read like Koa's ctx.ip. */
  proxyHops?: number;
}

export const userRoom = (userId: number): string => `user:${userId}`;
const ADMIN_ROOM = 'role:admin';

/**
 * Socket.IO on the app's HTTP server. Sign-in is checked once in the handshake; after that a
 * socket lives until its access token expires (unless renewed) or the account's sessions are
 * ended, and is then told why before being disconnected.
 */
export class Realtime {
  readonly io: OnDeckIo;
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  private readonly onSessionsEnded = (event: SessionsEnded): void => this.endSessions(event);
  private readonly onUserChanged = (userId: number): void =>
    runDetached(this.deps.logger, `pushing the changed account ${userId} to its sockets`, () => this.pushUser(userId));
  private readonly onPbxStatus = (status: PbxStatus): void => this.broadcastPbxStatus(status);

  constructor(
    httpServer: HttpServer,
    private readonly deps: RealtimeDeps,
  ) {
    this.io = new Server(httpServer, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 100_000 });
    this.io.use((socket, next) => {
      // Every reader of handshake.address (logs, audit of socket actions) gets the client's
      // address by the same proxy rule as REST, not the proxy's and not a forged X-Forwarded-For.
      socket.handshake.address = clientAddress(socket.conn.remoteAddress, socket.handshake.headers['x-forwarded-for'], deps.proxyHops ?? 0);
      const token: unknown = socket.handshake.auth.token;
      deps.auth
        .authenticate(typeof token === 'string' ? token : undefined)
        .then(async (auth) => {
          socket.data = { userId: auth.user.id, tokenVersion: auth.user.tokenVersion, expiresAt: auth.expiresAt, sessionId: auth.sessionId };
          await socket.join(auth.user.role === 'admin' ? [userRoom(auth.user.id), ADMIN_ROOM] : [userRoom(auth.user.id)]);
          next();
        })
        .catch((error: unknown) => {
          const apiError = error instanceof AppError ? error.toApiError() : { code: 'internal' as const, message: 'Sign-in check failed.' };
          if (!(error instanceof AppError)) deps.logger.error({ err: error }, 'socket handshake failed');
          else deps.logger.debug({ code: apiError.code, address: socket.handshake.address }, 'socket handshake refused');
          next(Object.assign(new Error(apiError.message), { data: apiError }));
        });
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    deps.events.on('sessionsEnded', this.onSessionsEnded);
    deps.events.on('userChanged', this.onUserChanged);
    deps.pbxStatus.on('change', this.onPbxStatus);
  }

  /** Typed emitter for every socket of one user, e.g. `realtime.toUser(12).emit('session:user', …)`. */
  toUser(userId: number): ReturnType<OnDeckIo['to']> {
    return this.io.to(userRoom(userId));
  }

  /** Open sockets of one user, for domains that re-scope or filter per socket. */
  async socketsOf(userId: number): Promise<Awaited<ReturnType<OnDeckIo['fetchSockets']>>> {
    return this.io.in(userRoom(userId)).fetchSockets();
  }

  /** Closes sockets whose access token has expired. Timers call it; tests call it after moving the clock. */
  enforceExpiry(): void {
    for (const socket of this.io.sockets.sockets.values()) this.checkExpiry(socket);
  }

  async close(): Promise<void> {
    this.deps.events.off('sessionsEnded', this.onSessionsEnded);
    this.deps.events.off('userChanged', this.onUserChanged);
    this.deps.pbxStatus.off('change', this.onPbxStatus);
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
    this.expiryTimers.clear();
    await this.io.close();
  }

  private onConnection(socket: OnDeckSocket): void {
    const { logger, pbxStatus, auth } = this.deps;
    const { userId } = socket.data;
    socket.emit('pbx:status', statusForRole(pbxStatus.current(), socket.rooms.has(ADMIN_ROOM)));
    logger.info({ userId, socketId: socket.id }, 'socket connected');
    this.scheduleExpiry(socket);

    socket.on(
      'session:renew',
      withAck(sessionRenewSchema, logger, async ({ accessToken }) => {
        const renewed = await auth.authenticate(accessToken);
        if (renewed.user.id !== userId) throw new AppError('forbidden', 'That token belongs to another account. Reload the page.');
        socket.data.expiresAt = renewed.expiresAt;
        socket.data.tokenVersion = renewed.user.tokenVersion;
        socket.data.sessionId = renewed.sessionId;
        this.scheduleExpiry(socket);
        return { expiresAt: renewed.expiresAt };
      }),
    );
    socket.on('disconnect', (reason) => {
      this.clearExpiry(socket.id);
      logger.info({ userId, socketId: socket.id, reason }, 'socket disconnected');
    });
  }

  private scheduleExpiry(socket: OnDeckSocket): void {
    this.clearExpiry(socket.id);
    const delay = Math.max(0, socket.data.expiresAt * 1000 - this.deps.clock.now());
    this.expiryTimers.set(
      socket.id,
      setTimeout(() => this.checkExpiry(socket), delay + 50),
    );
  }

  private clearExpiry(socketId: string): void {
    const timer = this.expiryTimers.get(socketId);
    if (timer) clearTimeout(timer);
    this.expiryTimers.delete(socketId);
  }

  private checkExpiry(socket: OnDeckSocket): void {
    if (!socket.connected) return;
    if (socket.data.expiresAt * 1000 > this.deps.clock.now()) {
      this.scheduleExpiry(socket);
      return;
    }
    this.end(socket, 'token_expired', 'Your session expired. Sign in again.');
  }

  private endSessions(event: SessionsEnded): void {
    const sockets = this.io.sockets.adapter.rooms.get(userRoom(event.userId));
    for (const socketId of [...(sockets ?? [])]) {
      const socket = this.io.sockets.sockets.get(socketId);
      if (!socket) continue;
      if (event.sessionId !== undefined && socket.data.sessionId !== event.sessionId) continue;
      if (event.exceptSessionId !== undefined && socket.data.sessionId === event.exceptSessionId) continue;
      this.end(socket, event.reason, event.message);
    }
  }

  private end(socket: OnDeckSocket, reason: DisconnectReason, message: string): void {
    this.deps.logger.info({ userId: socket.data.userId, socketId: socket.id, reason }, 'socket session ended');
    socket.emit('session:ended', { reason, message });
    this.clearExpiry(socket.id);
    socket.disconnect(true);
  }

  private async pushUser(userId: number): Promise<void> {
    const user = await this.deps.users.findById(userId);
    if (!user) return;
    this.toUser(userId).emit('session:user', toSessionUser(user));
  }

  private broadcastPbxStatus(status: PbxStatus): void {
    this.io.to(ADMIN_ROOM).emit('pbx:status', status);
    this.io.except(ADMIN_ROOM).emit('pbx:status', statusForRole(status, false));
  }
}
