import type { AgiReply } from './agi-reply';

/** Base class: every failure of an AGI command is one of these, so handlers can catch one type. */
export class AgiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The caller is gone: Asterisk sent `HANGUP`, answered 511 (dead channel), a media command
 * returned -1, or the connection closed. Every later command fails the same way.
 */
export class AgiHangupError extends AgiError {
  constructor(readonly reason: 'hangup' | 'dead-channel' | 'connection-closed' | 'channel-failure') {
    super(`AGI channel hung up (${reason})`);
  }
}

/** Asterisk refused the command: 510 (unknown command) or 520 (wrong usage), or an unexpected code. */
export class AgiCommandError extends AgiError {
  constructor(
    readonly command: string,
    readonly reply: AgiReply,
  ) {
    super(`AGI command "${command}" failed with ${reply.code}: ${reply.lines[0] ?? ''}`);
  }
}

/** No reply within the command timeout; the connection is closed because replies are now out of step. */
export class AgiTimeoutError extends AgiError {
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`AGI command "${command}" got no reply within ${timeoutMs} ms`);
  }
}

/** Asterisk sent something that is not AGI (junk or an oversized line); the connection is closed. */
export class AgiProtocolError extends AgiError {}
