import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, DisconnectReason, PbxStatus, ServerToClientEvents } from '@ondeck/shared';
import { useOnCallStore } from './oncall';
import { usePbxStore } from './pbx';
import { useSessionStore } from './session';
import { runDetached } from '../lib/detached';

export type OnDeckSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A domain store that listens on the socket. It gets every socket this store opens. */
export interface SocketBinding {
  attach(socket: OnDeckSocket): void;
  detach(): void;
}

/**
 * Connection state as the header pill shows it.
 *
 * ```
 * idle ──connect()──▶ connecting ──connect──▶ live
 *                         │                    │ transport lost
 *                         ▼                    ▼
 *                      offline ◀──gave up── reconnecting ──connect──▶ live
 * ```
 * `offline` also covers a socket the server closed on purpose (session ended).
 */
export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  idle: 'Offline',
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
};

/** Reasons after which the user must sign in again; token_expired is renewed instead. */
const FINAL_REASONS: readonly DisconnectReason[] = ['token_revoked', 'account_disabled', 'logged_out'];

export const useSocketStore = defineStore('socket', () => {
  const session = useSessionStore();
  /** Every domain store with socket listeners, in one place (the socket itself stays private). */
  const bindings: readonly SocketBinding[] = [usePbxStore(), useOnCallStore().binding];
  const state = shallowRef<ConnectionState>('idle');
  /** The server's explanation of why it closed the socket, shown in the header. */
  const endedMessage = shallowRef<string | null>(null);
  const pbxStatus = shallowRef<PbxStatus | null>(null);
  const label = computed(() => CONNECTION_LABELS[state.value]);

  let socket: OnDeckSocket | null = null;
  /** One token renewal per failed handshake, so a refused socket cannot loop on refreshes. */
  let renewedAfterRefusal = false;

  function listen(target: OnDeckSocket): void {
    target.on('connect', () => {
      state.value = 'live';
      endedMessage.value = null;
      renewedAfterRefusal = false;
    });
    target.on('disconnect', (reason) => {
      // "io server disconnect" means the server cut us on purpose: socket.io will not retry.
      state.value = reason === 'io server disconnect' || reason === 'io client disconnect' ? 'offline' : 'reconnecting';
    });
    target.on('connect_error', () => {
      if (target.active) {
        state.value = 'reconnecting';
        return;
      }
      // The server refused the handshake (usually an expired token): renew once and retry.
      state.value = 'offline';
      if (!renewedAfterRefusal && session.isUserActive()) {
        renewedAfterRefusal = true;
        runDetached('renewing the session after a refused connection', () => session.refresh());
      }
    });
    target.io.on('reconnect_failed', () => {
      state.value = 'offline';
    });
    target.on('session:ended', ({ reason, message }) => {
      endedMessage.value = message;
      if (FINAL_REASONS.includes(reason)) {
        disconnect();
        session.endSession(message);
      } else if (session.isUserActive()) {
        // An expired token is renewed; the accessToken watcher below reconnects.
        runDetached('renewing an expired session', () => session.refresh());
      }
    });
    target.on('session:user', (user) => session.setUser(user));
    target.on('pbx:status', (status) => {
      pbxStatus.value = status;
    });
  }

  function connect(): void {
    if (socket || !session.accessToken) return;
    state.value = 'connecting';
    socket = io({
      path: '/socket.io',
      // A callback so every reconnect attempt presents the newest token.
      auth: (send) => send({ token: session.accessToken }),
    });
    listen(socket);
    for (const binding of bindings) binding.attach(socket);
  }

  function disconnect(): void {
    for (const binding of bindings) binding.detach();
    socket?.removeAllListeners();
    socket?.io.removeAllListeners();
    socket?.disconnect();
    socket = null;
    state.value = 'idle';
  }

  /** Hand the live socket every renewed token, or reconnect a socket the server closed. */
  function onTokenChanged(token: string | null): void {
    if (!token) {
      disconnect();
      return;
    }
    if (socket?.connected) {
      socket.emit('session:renew', { accessToken: token }, (result) => {
        if (!result.ok) console.warn('session:renew refused:', result.error.message);
      });
    } else if (socket && !socket.active) {
      socket.connect();
      state.value = 'connecting';
    }
  }

  watch(() => session.accessToken, onTokenChanged);

  return { state, label, endedMessage, pbxStatus, connect, disconnect };
});
