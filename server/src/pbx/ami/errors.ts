import type { AmiMessage } from './codec';

/** Base class so callers can tell AMI failures from their own bugs with one instanceof. */
export class AmiError extends Error {
  override readonly name: string = 'AmiError';
}

/** Asterisk answered `Response: Error`; `message` is Asterisk's Message header. */
export class AmiActionError extends AmiError {
  override readonly name: string = 'AmiActionError';
  constructor(
    readonly action: string,
    message: string,
    readonly response: AmiMessage,
  ) {
    super(message);
  }
}

/** A list action ended with `EventList: cancelled` instead of Complete. */
export class AmiListCancelledError extends AmiActionError {
  override readonly name: string = 'AmiListCancelledError';
}

/** The Login was refused ("Authentication failed"). Retrying fast will not help. */
export class AmiAuthError extends AmiError {
  override readonly name: string = 'AmiAuthError';
}

/** No answer in time: an action, the login handshake or a keep-alive Ping. */
export class AmiTimeoutError extends AmiError {
  override readonly name: string = 'AmiTimeoutError';
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
  ) {
    super(`AMI ${action} got no answer within ${timeoutMs} ms`);
  }
}

/** Not connected, or the connection went away while the action was pending. */
export class AmiDisconnectedError extends AmiError {
  override readonly name: string = 'AmiDisconnectedError';
}
