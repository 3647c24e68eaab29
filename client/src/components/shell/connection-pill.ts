import { computed, type ComputedRef } from 'vue';
import type { PbxStatus } from '@ondeck/shared';
import { usePbxStore } from '../../stores/pbx';
import { CONNECTION_LABELS, useSocketStore, type ConnectionState } from '../../stores/socket';

export type PillTone = 'ok' | 'warn' | 'bad';

export interface ConnectionPillState {
  label: string;
  tone: PillTone;
  /** Hover text: what is wrong and what it means for the numbers on screen. */
  title: string;
}

export interface ConnectionPillInput {
  socket: ConnectionState;
  /** The server's link to the PBX as it last told us; null until the first `pbx:status`. */
  pbx: PbxStatus | null;
  /** The panel data itself is behind (snapshot pending or resyncing) although both links are up. */
  panelStale: boolean;
  /** Why the server closed the socket, if it did. */
  endedMessage?: string | null;
}

const OUT_OF_DATE = 'What you see may be out of date.';

function since(pbx: PbxStatus): string {
  return pbx.since ? ` since ${new Date(pbx.since).toLocaleTimeString()}` : '';
}

/**
 * What the header pill says. "Live" only when the browser's socket and the server's PBX link
 * are both up and the panel holds current data; anything else names the broken link, so the
 * pill never contradicts the stale banner.
 *
 * Order: the browser's own link first (without it nothing about the PBX is known), then the
 * PBX link, then the panel data.
 */
export function connectionPillState({ socket, pbx, panelStale, endedMessage = null }: ConnectionPillInput): ConnectionPillState {
  if (socket !== 'live') {
    const label = CONNECTION_LABELS[socket];
    const tone: PillTone = socket === 'connecting' || socket === 'reconnecting' ? 'warn' : 'bad';
    return { label, tone, title: endedMessage ?? `Not connected to OnDeck (${label.toLowerCase()}). ${OUT_OF_DATE}` };
  }
  if (!pbx) return { label: 'Connecting', tone: 'warn', title: 'Waiting for the server to report its PBX link.' };
  // Only admins receive lastError from the server.
  const detail = pbx.lastError ? ` (${pbx.lastError})` : '';
  switch (pbx.state) {
    case 'disabled':
      return { label: 'PBX down', tone: 'bad', title: 'The server has no PBX link (AMI is turned off), so nothing on the panel is live. An administrator can set it up.' };
    case 'auth_failed':
      return { label: 'PBX down', tone: 'bad', title: `The PBX refused the server's AMI login${since(pbx)}. ${OUT_OF_DATE}${detail}` };
    case 'connecting':
    case 'reconnecting':
      return { label: 'PBX reconnecting', tone: 'warn', title: `The server has lost its link to the PBX${since(pbx)}. ${OUT_OF_DATE}${detail}` };
    case 'connected':
      break;
  }
  if (panelStale) return { label: 'Syncing', tone: 'warn', title: `Loading the current state from the PBX. ${OUT_OF_DATE}` };
  return { label: 'Live', tone: 'ok', title: 'Live updates: connected to OnDeck and the PBX.' };
}

/** The pill state from the live stores; the stale banner uses its title, so both tell one story. */
export function useConnectionPill(): ComputedRef<ConnectionPillState> {
  const socket = useSocketStore();
  const pbx = usePbxStore();
  return computed(() =>
    connectionPillState({ socket: socket.state, pbx: socket.pbxStatus, panelStale: pbx.stale, endedMessage: socket.endedMessage }),
  );
}
