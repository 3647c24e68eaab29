import type { Notification, Session, URI } from 'sip.js';
import { outcomeFromStatus, sipfragStatus } from './call-outcome';

export interface TransferProgress {
  target: string;
  status: 'trying' | 'done' | 'failed';
  message: string;
}

/** How long we wait for the final NOTIFY of a REFER before calling the transfer failed. */
const TRANSFER_TIMEOUT_MS = 30_000;

/** Thrown when a transfer fails; the message is meant for the operator. */
export class TransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferError';
  }
}

/**
 * Sends REFER and follows the NOTIFY sipfrags, accepting each NOTIFY (with an onNotify
 * delegate SIP.js leaves that to us). Resolves with the final 2xx status; the caller then
 * sends BYE itself, because Asterisk defers hanging up the transferring party for up to a minute.
 */
export function referAndFollow(
  session: Session,
  referTo: URI,
  label: string,
  onProgress: (progress: TransferProgress) => void,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      onProgress({ target: label, status: 'failed', message });
      reject(new TransferError(message));
    };
    const timer = setTimeout(() => fail('The transfer got no final answer in time'), TRANSFER_TIMEOUT_MS);
    onProgress({ target: label, status: 'trying', message: `Transferring to ${label}…` });
    const onNotify = (notification: Notification): void => {
      notification.accept().catch(() => undefined);
      const code = sipfragStatus(notification.request.body);
      if (code === null || code < 200 || settled) return;
      if (code >= 300) {
        fail(`Transfer failed: ${outcomeFromStatus(code).message}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      onProgress({ target: label, status: 'done', message: `Transferred to ${label}` });
      resolve(code);
    };
    session
      .refer(referTo, {
        onNotify,
        requestDelegate: {
          onReject: (response) => fail(`Transfer refused: ${outcomeFromStatus(response.message.statusCode ?? 0).message}`),
        },
      })
      .catch((error: unknown) => fail(`Transfer failed: ${error instanceof Error ? error.message : String(error)}`));
  });
}

/**
 * Refer-To for an attended transfer: the far end's address of record plus Replaces.
 * SIP.js would use the remote Contact, which only the registrar that issued it can route
 * (a proxy answers 404); Asterisk ignores the URI and matches Replaces either way.
 */
export function replacesUriFor(session: Session): URI {
  const dialog = session.dialog;
  if (!dialog) throw new TransferError('The consultation is not connected');
  const uri = session.remoteIdentity.uri.clone();
  const replaces = `${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`;
  uri.setHeader('Replaces', encodeURIComponent(replaces));
  // SIP.js writes a URI target bare into Refer-To; a URI with headers must be in <…>.
  const plain = uri.toString();
  uri.toString = () => `<${plain}>`;
  return uri;
}
