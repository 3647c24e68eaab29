import net, { type AddressInfo, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { AgiChannel } from './agi-channel';
import { buildAgiEnvironment, parseEnvironmentLine } from './agi-environment';
import { AgiHangupError, AgiProtocolError } from './agi-errors';
import { AgiLineSplitter } from './agi-line-splitter';

/** Runs one call. The server closes the connection when it settles (Asterisk then continues the dialplan). */
export type AgiHandler = (channel: AgiChannel) => Promise<void>;

export interface AgiServerOptions {
  logger: Logger;
  /** Loopback by default: FastAGI has no authentication, anyone who can connect can drive calls. */
  host?: string;
  /** 4573 by default; 0 picks a free port (tests). */
  port?: number;
  commandTimeoutMs?: number;
  /** How long Asterisk may take to send the whole environment. */
  environmentTimeoutMs?: number;
  maxLineLength?: number;
  /** Calls handled at once; Node closes connections beyond it, so a flood cannot exhaust the process. */
  maxConnections?: number;
}

interface AgiServerSettings {
  host: string;
  port: number;
  commandTimeoutMs: number;
  environmentTimeoutMs: number;
  maxLineLength: number;
  maxConnections: number;
}

/** Asterisk sends about 25 variables plus the AGI() arguments. */
const MAX_ENVIRONMENT_LINES = 512;
const CLOSE_GRACE_MS = 5_000;

/** OnDeck's FastAGI server: reads the agi_* environment, then hands the call to the handler named by the script. */
export class AgiServer {
  private readonly handlers = new Map<string, AgiHandler>();
  private readonly sockets = new Set<Socket>();
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly settings: AgiServerSettings;

  constructor(private readonly options: AgiServerOptions) {
    this.settings = {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 4573,
      commandTimeoutMs: options.commandTimeoutMs ?? 120_000,
      environmentTimeoutMs: options.environmentTimeoutMs ?? 10_000,
      maxLineLength: options.maxLineLength ?? 8_192,
      maxConnections: options.maxConnections ?? 256,
    };
    this.server.maxConnections = this.settings.maxConnections;
  }

  /** Routes `agi://host:port/<script>?…` to `handler`. */
  register(script: string, handler: AgiHandler): void {
    if (this.handlers.has(script)) throw new Error(`AGI script "${script}" is already registered`);
    this.handlers.set(script, handler);
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.settings.port, this.settings.host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.options.logger.info({ host: address.address, port: address.port }, 'FastAGI server listening');
        if (!isLoopback(address.address)) {
          this.options.logger.warn({ host: address.address }, 'FastAGI listens beyond loopback; AGI has no authentication');
        }
        resolve(address);
      });
    });
  }

  /** Stops accepting calls and cuts the ones in progress (their handlers see AgiHangupError). */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setEncoding('utf8');
    const logger = this.options.logger.child({ agiPeer: `${socket.remoteAddress}:${socket.remotePort}` });
    const splitter = new AgiLineSplitter(this.settings.maxLineLength);
    const variables = new Map<string, string>();
    let channel: AgiChannel | null = null;
    let closing = false;

    const close = (): void => {
      if (closing) return;
      closing = true;
      socket.end();
      // Asterisk answers our FIN with its own close; do not let a silent peer hold the socket.
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
    };
    const environmentTimer = setTimeout(() => {
      logger.warn('AGI environment not complete in time; closing');
      socket.destroy();
    }, this.settings.environmentTimeoutMs);

    const onEnvironmentLine = (line: string): void => {
      if (line === '') {
        clearTimeout(environmentTimer);
        channel = this.start(buildAgiEnvironment(variables), logger, { write: (data) => socket.write(data), close });
        return;
      }
      const entry = parseEnvironmentLine(line);
      if (!entry || variables.size >= MAX_ENVIRONMENT_LINES) {
        logger.warn({ line: line.slice(0, 200) }, 'AGI environment line not understood; closing');
        clearTimeout(environmentTimer);
        socket.destroy();
        return;
      }
      variables.set(entry[0], entry[1]);
    };

    socket.on('data', (chunk: string) => {
      let lines: string[];
      try {
        lines = splitter.push(chunk);
      } catch (error) {
        logger.warn({ err: error }, 'AGI peer sent an oversized line; closing');
        clearTimeout(environmentTimer);
        if (channel) channel.abort(new AgiProtocolError('oversized line from the AGI peer'));
        socket.destroy();
        return;
      }
      for (const line of lines) {
        if (socket.destroyed) return;
        if (channel) channel.handleLine(line);
        else onEnvironmentLine(line);
      }
    });
    socket.on('error', (error) => logger.debug({ err: error }, 'AGI socket error'));
    socket.on('close', () => {
      clearTimeout(environmentTimer);
      this.sockets.delete(socket);
      channel?.handleClosed();
    });
  }

  private start(
    env: ReturnType<typeof buildAgiEnvironment>,
    peerLogger: Logger,
    transport: { write: (data: string) => void; close: () => void },
  ): AgiChannel {
    const logger = peerLogger.child({
      script: env.request.script,
      uniqueid: env.uniqueid,
      callerid: env.callerId,
      agiChannel: env.channel,
    });
    const channel = new AgiChannel(env, transport, { commandTimeoutMs: this.settings.commandTimeoutMs, logger });
    const handler = this.handlers.get(env.request.script);
    if (!handler) {
      logger.warn('no AGI handler for this script; closing');
      transport.close();
      return channel;
    }
    logger.info('AGI call started');
    // One line per call, however many ways Asterisk said goodbye (a -1 result, 511, HANGUP, the socket closing).
    handler(channel)
      .then(
        () => {
          const reason = channel.hangupReason;
          if (reason) logger.info({ reason }, 'AGI call ended by hangup');
          else logger.info('AGI call finished');
        },
        (error: unknown) => {
          if (error instanceof AgiHangupError) logger.info({ reason: channel.hangupReason ?? error.reason }, 'AGI call ended by hangup');
          else logger.error({ err: error }, 'AGI handler failed');
        },
      )
      .finally(() => transport.close());
    return channel;
  }
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1';
}
