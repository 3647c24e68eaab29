import type { PbxStatus } from '@ondeck/shared';
import { usePbxStore } from '../../../stores/pbx';
import { useSocketStore } from '../../../stores/socket';

/** A PBX link status as the server sends it; outages date from 10:00 UTC. */
export const pbxLinkStatus = (state: PbxStatus['state'], lastError: string | null = null): PbxStatus => ({
  state,
  since: state === 'connected' || state === 'disabled' ? null : '2026-11-21T10:00:00.000Z',
  lastError,
  banner: null,
});

/** Stores as a working panel has them: socket and PBX link up, a current snapshot loaded. */
export function givenLivePanel(): void {
  const socket = useSocketStore();
  const pbx = usePbxStore();
  socket.state = 'live';
  socket.pbxStatus = pbxLinkStatus('connected');
  pbx.connected = true;
  pbx.applySnapshot({ seq: 1, snapshot: { extensions: [], calls: [], queues: [], stale: false }, pauseReasons: [] });
}
