import { EventEmitter } from 'node:events';
import net from 'node:net';
import pino, { type Logger } from 'pino';
import { AmiParser, serializeAmi, type AmiFieldValue, type AmiMessage } from './codec';
import { AmiActionError, AmiAuthError, AmiDisconnectedError, AmiListCancelledError, AmiTimeoutError } from './errors';
import { systemTimers, type Timers } from '../../lib/clock';

export type AmiFields = Record<string, AmiFieldValue>;

export interface AmiSocketTarget {
  host: string;
  port: number;
}

/** Opens the TCP connection; tests swap it to count or break connections. */
export type AmiSocketFactory = (target: AmiSocketTarget) => net.Socket;

export interface AmiClientOptions extends AmiSocketTarget {
  username: string;
  secret: string;
  /** Read classes asked for at Login. OnDeck's AMI user reads exactly these. */
  events?: string;
  /** Deadline for TCP connect + banner + Login answer. */
  loginTimeoutMs?: number;
  actionTimeoutMs?: number;
  listTimeoutMs?: number;
  /** ActionIDs are `<prefix><counter>`; the client owns them, callers cannot set one. */
  actionIdPrefix?: string;
  socketFactory?: AmiSocketFactory;
  timers?: Timers;
  logger?: Logger;
}

export interface AmiActionOptions {
  timeoutMs?: number;
}

/** Outcome of a list action such as CoreShowChannels or QueueStatus. */
export interface AmiListResult {
  /** The `Response: Success` / `EventList: start` message. */
  response: AmiMessage;
  /** The events carrying this action's ActionID, in arrival order. */
  items: AmiMessage[];
  /** The `...Complete` event; undefined when Asterisk answered without a list. */
  complete: AmiMessage | undefined;
}

export interface AmiClientEvents {
  /** Emitted synchronously while parsing the Login answer, before any event that followed
   *  it in the same read, so listeners can reset state and lose nothing. */
  login: [banner: string | null];
  /** Every event that is not an item of a pending list action. */
  event: [message: AmiMessage];
  /** The connection ended (refused, lost, timed out, auth refused or closed by us). */
  close: [reason: Error];
}

export type AmiClientState = 'closed' | 'connecting' | 'ready';

export const DEFAULT_AMI_EVENTS = 'call,agent,reporting,system';

interface PendingAction {
  readonly action: string;
  readonly list: boolean;
  response: AmiMessage | undefined;
  readonly items: AmiMessage[];
  succeed(response: AmiMessage, items: AmiMessage[], complete: AmiMessage | undefined): void;
  fail(error: Error): void;
}

interface LoginWaiter {
  resolve(): void;
  reject(error: Error): void;
  deadline: unknown;
}

/**
 * One AMI session over our own TCP transport (see README: asterisk-ami-client was
 * measured and replaced). Reusable: after `close` it may `connect` again; listeners stay.
 * Actions never throw synchronously; they reject with AmiActionError, AmiTimeoutError
 * or AmiDisconnectedError.
 */
export class AmiClient extends EventEmitter<AmiClientEvents> {
  private readonly options: Required<Omit<AmiClientOptions, 'logger'>>;
  private readonly log: Logger;
  private readonly timers: Timers;
  private readonly parser: AmiParser;
  private readonly pending = new Map<string, PendingAction>();
  /** Lists that timed out: their late items are dropped, not passed off as live events. */
  private readonly abandonedLists = new Set<string>();
  private socket: net.Socket | undefined;
  private socketError: Error | undefined;
  private loginWaiter: LoginWaiter | undefined;
  private counter = 0;
  private currentState: AmiClientState = 'closed';
  private currentBanner: string | null = null;
  private lastReceived = 0;
  private receivedChunks = 0;

  constructor(options: AmiClientOptions) {
    super();
    this.options = {
      events: DEFAULT_AMI_EVENTS,
      loginTimeoutMs: 10_000,
      actionTimeoutMs: 10_000,
      listTimeoutMs: 30_000,
      actionIdPrefix: `ondeck-${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 8)}-`,
      socketFactory: ({ host, port }) => net.createConnection({ host, port }),
      timers: systemTimers,
      ...withoutUndefined(options),
      host: options.host,
      port: options.port,
      username: options.username,
      secret: options.secret,
    };
    this.log = options.logger ?? pino({ level: 'silent' });
    this.timers = this.options.timers;
    this.parser = new AmiParser({
      onBanner: (banner) => this.onBanner(banner),
      onMessage: (message) => this.onMessage(message),
      onJunk: (reason, sample) => this.log.warn({ reason, sample }, 'AMI input skipped'),
    });
  }

  get state(): AmiClientState {
    return this.currentState;
  }

  get banner(): string | null {
    return this.currentBanner;
  }

  /**
   * When bytes last arrived (timers clock) and how many reads so far: any byte proves the peer
   * is alive, so the keep-alive only has to ask when the link has gone quiet.
   */
  get activity(): { lastReceivedAt: number; reads: number } {
    return { lastReceivedAt: this.lastReceived, reads: this.receivedChunks };
  }

  /** Opens the socket, waits for the banner, logs in. Resolves once logged in. */
  connect(): Promise<void> {
    if (this.socket) return Promise.reject(new Error('AMI client is already connected or connecting'));
    return new Promise<void>((resolve, reject) => {
      this.parser.reset(true);
      this.currentBanner = null;
      this.socketError = undefined;
      this.currentState = 'connecting';
      const timeoutMs = this.options.loginTimeoutMs;
      const deadline = this.timers.setTimeout(() => this.close(new AmiTimeoutError('Login', timeoutMs)), timeoutMs);
      this.loginWaiter = { resolve, reject, deadline };
      let socket: net.Socket;
      try {
        socket = this.options.socketFactory({ host: this.options.host, port: this.options.port });
      } catch (error) {
        // e.g. a RangeError for a bad port: report it like any failed attempt so the
        // connection service retries instead of waiting in 'connecting' forever.
        this.teardown(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.socket = socket;
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => {
        if (socket !== this.socket) return;
        this.lastReceived = this.timers.now();
        this.receivedChunks += 1;
        this.parser.push(chunk);
      });
      socket.on('error', (error) => {
        this.socketError = error;
      });
      socket.on('close', () => {
        if (socket !== this.socket) return;
        this.teardown(this.socketError ?? new AmiDisconnectedError('AMI connection closed by the peer'));
      });
    });
  }

  /** Sends one action and resolves with its Response; `Response: Error` rejects. */
  action(fields: AmiFields, options: AmiActionOptions = {}): Promise<AmiMessage> {
    return this.send(fields, false, options.timeoutMs ?? this.options.actionTimeoutMs, (response) => response);
  }

  /** Sends a list action and collects its events until `EventList: Complete`. */
  listAction(fields: AmiFields, options: AmiActionOptions = {}): Promise<AmiListResult> {
    return this.send(fields, true, options.timeoutMs ?? this.options.listTimeoutMs, (response, items, complete) => ({
      response,
      items,
      complete,
    }));
  }

  /**
   * Drops the connection; pending actions reject with `reason`. Safe to call twice.
   * With `logoff`, a logged-in session first gets a Logoff, flushed before the FIN; the
   * old socket then lingers at most LOGOFF_LINGER_MS (real time) for Asterisk's Goodbye,
   * detached from this client, which is free to connect again at once.
   */
  close(reason: Error = new AmiDisconnectedError('AMI connection closed by OnDeck'), options: { logoff?: boolean } = {}): void {
    const socket = this.socket;
    if (!socket) return;
    const logoff = options.logoff === true && this.currentState === 'ready';
    this.teardown(reason);
    if (!logoff) {
      socket.destroy();
      return;
    }
    socket.end(serializeAmi({ Action: 'Logoff', ActionID: `${this.options.actionIdPrefix}${++this.counter}` }));
    socket.setTimeout(LOGOFF_LINGER_MS, () => socket.destroy());
  }

  private send<T>(
    fields: AmiFields,
    list: boolean,
    timeoutMs: number,
    settle: (response: AmiMessage, items: AmiMessage[], complete: AmiMessage | undefined) => T,
    beforeLogin = false,
  ): Promise<T> {
    const actionName = fieldValue(fields, 'action');
    if (!actionName) return Promise.reject(new TypeError('An AMI action needs an Action field'));
    const socket = this.socket;
    if (!socket || (this.currentState !== 'ready' && !beforeLogin)) {
      return Promise.reject(new AmiDisconnectedError(`AMI not connected; ${actionName} not sent`));
    }
    const actionId = `${this.options.actionIdPrefix}${++this.counter}`;
    const wire: AmiFields = { Action: actionName, ActionID: actionId };
    for (const [key, value] of Object.entries(fields)) {
      const lower = key.toLowerCase();
      if (lower !== 'action' && lower !== 'actionid') wire[key] = value;
    }
    return new Promise<T>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending.delete(actionId);
        if (list) this.abandonList(actionId);
        reject(new AmiTimeoutError(actionName, timeoutMs));
      }, timeoutMs);
      const finish = () => {
        this.timers.clearTimeout(timer);
        this.pending.delete(actionId);
      };
      this.pending.set(actionId, {
        action: actionName,
        list,
        response: undefined,
        items: [],
        succeed: (response, items, complete) => {
          finish();
          resolve(settle(response, items, complete));
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      });
      socket.write(serializeAmi(wire));
    });
  }

  private onBanner(banner: string): void {
    this.currentBanner = banner;
    this.log.debug({ banner }, 'AMI banner');
    const login: AmiFields = {
      Action: 'Login',
      Username: this.options.username,
      Secret: this.options.secret,
      Events: this.options.events,
    };
    // The login deadline covers this action; its own timer only guards against leaks.
    this.send(login, false, this.options.loginTimeoutMs, (response) => response, true).then(
      () => this.onLoggedIn(),
      (error: unknown) => this.onLoginRefused(error),
    );
  }

  private onLoggedIn(): void {
    // Runs in a microtask after the Login response was parsed: too late for events of the
    // same read. Those are covered by the synchronous hook in onMessage.
    const waiter = this.loginWaiter;
    if (!waiter) return;
    this.loginWaiter = undefined;
    this.timers.clearTimeout(waiter.deadline);
    waiter.resolve();
  }

  private onLoginRefused(error: unknown): void {
    if (error instanceof AmiActionError) {
      this.close(new AmiAuthError(`AMI login refused: ${error.message}`));
    } else if (error instanceof Error && !(error instanceof AmiDisconnectedError)) {
      this.close(error);
    }
  }

  private onMessage(message: AmiMessage): void {
    const actionId = message.actionId;
    const pending = actionId === undefined ? undefined : this.pending.get(actionId);
    // Events first: OriginateResponse is an event that also carries a Response header.
    if (message.event !== undefined) {
      if (pending?.list) this.onListItem(pending, message);
      else if (actionId === undefined || !this.abandonedLists.has(actionId)) this.emitSafely('event', message);
      else if (isListEnd(message)) this.abandonedLists.delete(actionId);
      return;
    }
    if (message.response === undefined) {
      this.log.debug({ message: message.toObject() }, 'AMI message without Event or Response ignored');
      return;
    }
    if (!pending) {
      this.log.debug({ actionId }, 'AMI response for no pending action (late or foreign) ignored');
      return;
    }
    if (message.response.toLowerCase() === 'error') {
      pending.fail(new AmiActionError(pending.action, message.get('message') ?? 'Response: Error', message));
      return;
    }
    if (pending.action === 'Login' && this.currentState === 'connecting') {
      this.currentState = 'ready';
      this.log.info({ banner: this.currentBanner }, 'AMI logged in');
      this.emitSafely('login', this.currentBanner);
    }
    if (pending.list && message.get('eventlist')?.toLowerCase() === 'start') {
      pending.response = message;
      return;
    }
    pending.succeed(message, pending.items, undefined);
  }

  private onListItem(pending: PendingAction, message: AmiMessage): void {
    const marker = message.get('eventlist')?.toLowerCase();
    if (marker === 'cancelled') {
      const reason = message.get('message') ?? 'list cancelled by Asterisk';
      pending.fail(new AmiListCancelledError(pending.action, reason, message));
    } else if (marker === 'complete') {
      pending.succeed(pending.response ?? message, pending.items, message);
    } else {
      pending.items.push(message);
    }
  }

  private abandonList(actionId: string): void {
    // Bounded: a PBX that never finishes its lists must not grow this forever.
    if (this.abandonedLists.size >= MAX_ABANDONED_LISTS) {
      const oldest = this.abandonedLists.values().next().value;
      if (oldest !== undefined) this.abandonedLists.delete(oldest);
    }
    this.abandonedLists.add(actionId);
  }

  private emitSafely<K extends keyof AmiClientEvents>(name: K, ...args: AmiClientEvents[K]): void {
    try {
      (this.emit as (event: K, ...rest: AmiClientEvents[K]) => boolean)(name, ...args);
    } catch (error) {
      // A throwing listener must not abort the parse loop and lose the rest of the read.
      this.log.error({ err: error, listenerOf: name }, 'AMI listener threw');
    }
  }

  private teardown(reason: Error): void {
    this.socket = undefined;
    this.currentState = 'closed';
    this.abandonedLists.clear();
    this.parser.reset(true);
    const waiter = this.loginWaiter;
    this.loginWaiter = undefined;
    if (waiter) {
      this.timers.clearTimeout(waiter.deadline);
      waiter.reject(reason);
    }
    const disconnected =
      reason instanceof AmiDisconnectedError ? reason : new AmiDisconnectedError(`AMI disconnected: ${reason.message}`);
    for (const pending of [...this.pending.values()]) pending.fail(disconnected);
    this.log.info({ reason: reason.message }, 'AMI connection closed');
    this.emitSafely('close', reason);
  }
}

const MAX_ABANDONED_LISTS = 64;
const LOGOFF_LINGER_MS = 1_000;

function isListEnd(message: AmiMessage): boolean {
  const marker = message.get('eventlist')?.toLowerCase();
  return marker === 'complete' || marker === 'cancelled';
}

function fieldValue(fields: AmiFields, name: string): string | undefined {
  for (const [key, value] of Object.entries(fields)) {
    if (key.toLowerCase() === name && typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
