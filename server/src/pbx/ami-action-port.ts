import type { AmiConnection } from './ami';

/**
 * The one way a domain sends an AMI action (the live panel, on-call's AstDB writes, phone
 * recording): resolves on `Response: Success`, rejects with an `AmiActionError` otherwise.
 * Values are plain strings: control characters are stripped once, where the action is written
 * to the wire (`serializeAmi`), so no caller cleans them and none can forget to.
 */
export interface AmiActionPort {
  action(fields: Readonly<Record<string, string>>): Promise<unknown>;
}

/** The port over the AMI link, without handing a domain the link itself (events, start, stop). */
export function amiActionPort(connection: Pick<AmiConnection, 'action'>): AmiActionPort {
  return { action: (fields) => connection.action({ ...fields }) };
}
