import { Manager } from 'socket.io-client';
import { waitFor } from './wait-for';

/**
 * A Socket.IO connection driven packet by packet, as an attacker's script would: it writes
 * what it is told on the open Engine.IO transport whatever the server answered. A normal
 * client refused at the handshake buffers its emits and never sends them, so a test that
 * "emits on a refused socket" proves nothing; this one really sends.
 *
 * Packets are Socket.IO v5 text inside Engine.IO messages: `0{auth}` connect to "/",
 * `0{"sid":…}` connected, `4{…}` connect error, `2["event",payload]` an event,
 * `2<id>["event",payload]` one that wants an ack, `3<id>[answer]` the ack.
 */
export interface RawSocketIo {
  /** Every text packet the server sent, in order. */
  readonly received: string[];
  /** Writes one packet on the transport. */
  send(packet: string): void;
  /** Sends `2<ackId>["event",payload]`. */
  emit(event: string, payload: unknown, ackId: number): void;
  /** Waits for the first received packet that matches. */
  next(match: (packet: string) => boolean, what: string): Promise<string>;
  /** Resolves with the reason once the transport is closed (by either side). */
  readonly closed: Promise<string>;
  close(): void;
}

/** Opens the transport and sends the namespace connect with `auth`; does not wait for the answer. */
export async function openRawSocketIo(url: string, auth: Record<string, string>): Promise<RawSocketIo> {
  const manager = new Manager(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, autoConnect: false });
  await new Promise<void>((resolve, reject) => manager.open((error) => (error ? reject(error) : resolve())));
  const engine = manager.engine;
  const received: string[] = [];
  engine.on('message', (data) => received.push(String(data)));
  const closed = new Promise<string>((resolve) => engine.on('close', (reason) => resolve(reason)));
  const send = (packet: string): void => {
    engine.write(packet);
  };
  send(`0${JSON.stringify(auth)}`);
  return {
    received,
    send,
    emit: (event, payload, ackId) => send(`2${ackId}${JSON.stringify([event, payload])}`),
    async next(match, what) {
      await waitFor(() => received.some(match), what, 5000);
      return received.find(match) ?? '';
    },
    closed,
    close: () => engine.close(),
  };
}
