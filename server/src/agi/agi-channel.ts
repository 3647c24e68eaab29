import type { Logger } from 'pino';
import { formatAgiCommand, type AgiArgument } from './agi-command';
import type { AgiEnvironment } from './agi-environment';
import { AgiCommandError, AgiHangupError, AgiProtocolError, AgiTimeoutError, type AgiError } from './agi-errors';
import { AgiReplyAssembler, type AgiReply } from './agi-reply';

/** How the channel reaches the socket; the server provides it, tests can fake it. */
export interface AgiTransport {
  write(data: string): void;
  /** Ends the connection; the channel calls it once after a timeout or a protocol error. */
  close(): void;
}

export interface AgiChannelOptions {
  /** Longest wait for one reply. GET DATA and STREAM FILE wait for the caller, so keep this generous. */
  commandTimeoutMs: number;
  logger: Logger;
}

interface PendingCommand {
  text: string;
  resolve: (reply: AgiReply) => void;
  reject: (error: AgiError) => void;
  timer: NodeJS.Timeout;
}

export interface GetDataResult {
  digits: string;
  /** True when Asterisk stopped waiting for more digits (the caller may still have typed some). */
  timeout: boolean;
}

/**
 * One call's AGI session. Commands go one at a time: each waits for the reply to the one
 * before. Once the caller hangs up (an unsolicited `HANGUP`, a 511, or the socket closing),
 * the pending command and every later one reject with AgiHangupError instead of hanging.
 */
export class AgiChannel {
  private readonly assembler = new AgiReplyAssembler();
  private pending: PendingCommand | null = null;
  private queueTail: Promise<unknown> = Promise.resolve();
  private failure: AgiError | null = null;

  constructor(
    readonly env: AgiEnvironment,
    private readonly transport: AgiTransport,
    private readonly options: AgiChannelOptions,
  ) {}

  get logger(): Logger {
    return this.options.logger;
  }

  /** True once the caller hung up or the connection is unusable. */
  get isGone(): boolean {
    return this.failure !== null;
  }

  /** Why the call ended, when it ended by a hangup (either side) or a closed connection; the server logs it once. */
  get hangupReason(): AgiHangupError['reason'] | null {
    return this.failure instanceof AgiHangupError ? this.failure.reason : null;
  }

  async answer(): Promise<void> {
    const reply = await this.sendCommand('ANSWER', []);
    if (reply.result === '-1') throw this.channelFailed();
  }

  /** Plays a sound file; resolves with the escape digit pressed, or null when it played to the end. */
  async streamFile(name: string, escapeDigits = ''): Promise<string | null> {
    const reply = await this.sendCommand('STREAM FILE', [name, escapeDigits]);
    return this.digitFromResult(reply);
  }

  /** Plays `file` and collects up to `maxDigits` digits; `#` ends the input and is not returned. */
  async getData(file: string, timeoutMs: number, maxDigits: number): Promise<GetDataResult> {
    const reply = await this.sendCommand('GET DATA', [file, timeoutMs, maxDigits]);
    if (reply.result === '-1') throw this.channelFailed();
    return { digits: reply.result, timeout: reply.data === 'timeout' };
  }

  async sayDigits(digits: string, escapeDigits = ''): Promise<string | null> {
    if (!/^[0-9*#]+$/.test(digits)) throw new TypeError('SAY DIGITS takes digits, * and # only');
    const reply = await this.sendCommand('SAY DIGITS', [digits, escapeDigits]);
    return this.digitFromResult(reply);
  }

  async setVariable(name: string, value: string): Promise<void> {
    await this.sendCommand('SET VARIABLE', [name, value]);
  }

  /** Null when the variable is not set. */
  async getVariable(name: string): Promise<string | null> {
    const reply = await this.sendCommand('GET VARIABLE', [name]);
    return reply.result === '1' ? (reply.data ?? '') : null;
  }

  /** Runs a dialplan application; resolves with its result code (-2 means no such application). */
  async exec(application: string, options: string): Promise<number> {
    const reply = await this.sendCommand('EXEC', [application, options]);
    return Number(reply.result);
  }

  async verbose(message: string, level = 1): Promise<void> {
    await this.sendCommand('VERBOSE', [message, level]);
  }

  /** Hangs the caller up; later commands then reject with AgiHangupError. */
  async hangup(): Promise<void> {
    await this.sendCommand('HANGUP', []);
    this.fail(new AgiHangupError('hangup'));
  }

  /**
   * Sends one command when the previous one has its reply. Resolves with a 200 reply;
   * 511 rejects with AgiHangupError, any other code with AgiCommandError.
   */
  sendCommand(verb: string, args: readonly AgiArgument[]): Promise<AgiReply> {
    const text = formatAgiCommand(verb, args);
    const run = this.queueTail.then(() => this.transmit(text));
    this.queueTail = run.catch(() => undefined);
    return run.then((reply) => {
      if (reply.code === 200) return reply;
      if (reply.code === 511) {
        this.fail(new AgiHangupError('dead-channel'));
        throw new AgiHangupError('dead-channel');
      }
      throw new AgiCommandError(text.trimEnd(), reply);
    });
  }

  /** Feeds one line that Asterisk sent after the environment. */
  handleLine(line: string): void {
    const incoming = this.assembler.accept(line);
    switch (incoming.kind) {
      case 'partial':
        return;
      case 'hangup':
        // Not logged here: the server writes one line per call when the handler settles.
        this.fail(new AgiHangupError('hangup'));
        return;
      case 'junk':
        this.logger.warn({ line: line.slice(0, 200) }, 'AGI peer sent a line that is not AGI; closing');
        this.abort(new AgiProtocolError('AGI peer sent a line that is not AGI'));
        return;
      case 'reply': {
        const pending = this.pending;
        if (!pending) {
          // A late answer to a command already failed by a hangup: nothing waits for it.
          this.logger.debug({ line }, 'AGI reply with no command waiting; ignored');
          return;
        }
        this.pending = null;
        clearTimeout(pending.timer);
        pending.resolve(incoming.reply);
      }
    }
  }

  /** The socket closed: nothing will answer any more. */
  handleClosed(): void {
    this.fail(new AgiHangupError('connection-closed'));
  }

  /** The connection broke the protocol (e.g. an oversized line); fail everything and close. */
  abort(error: AgiError): void {
    this.fail(error);
    this.transport.close();
  }

  private transmit(text: string): Promise<AgiReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<AgiReply>((resolve, reject) => {
      const timeoutMs = this.options.commandTimeoutMs;
      const timer = setTimeout(() => {
        this.logger.warn({ command: text.trimEnd(), timeoutMs }, 'AGI command timed out; closing');
        this.abort(new AgiTimeoutError(text.trimEnd(), timeoutMs));
      }, timeoutMs);
      this.pending = { text, resolve, reject, timer };
      this.transport.write(text);
    });
  }

  /** A media command returned -1: the caller is gone (a HANGUP line usually follows). */
  private channelFailed(): AgiHangupError {
    const error = new AgiHangupError('channel-failure');
    this.fail(error);
    return error;
  }

  /** STREAM FILE / SAY DIGITS: 0 = played to the end, >0 = ASCII code of the digit pressed, -1 = failure. */
  private digitFromResult(reply: AgiReply): string | null {
    const code = Number(reply.result);
    if (!Number.isInteger(code) || code < 0) throw this.channelFailed();
    return code === 0 ? null : String.fromCharCode(code);
  }

  /** Records the first failure and rejects the command waiting for a reply; later ones reject in transmit(). */
  private fail(error: AgiError): void {
    this.failure ??= error;
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.reject(error);
  }
}
