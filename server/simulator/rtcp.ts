import type { SimChannel } from './channel';
import type { World } from './world';

/** SSRCs stay stable per channel, as a real RTP stream's would. */
function ssrcOf(channel: SimChannel, salt: number): string {
  const seq = Number(channel.uniqueid.split('.')[1] ?? 0);
  return `0x${((seq * 2654435761 + salt) >>> 0).toString(16).padStart(8, '0')}`;
}

/** One RTCPReceived + RTCPSent pair for an RTP leg (rtcp capture field layout). */
export function emitRtcpPair(world: World, channel: SimChannel, quality: { jitter?: number; lost?: number } = {}): void {
  const jitter = String(quality.jitter ?? 7);
  const lost = String(quality.lost ?? 0);
  const ntp = (world.clock.now() / 1000).toFixed(6);
  const local = '127.0.0.1:10000';
  const remote = '127.0.0.1:32000';
  const common = { MES: '88.1' };
  const sender = (ssrc: string, peer: string): Record<string, string> => ({
    SSRC: ssrc,
    PT: '200(SR)',
    ReportCount: '1',
    SentNTP: ntp,
    SentRTP: '41352',
    SentPackets: '250',
    SentOctets: '40000',
    Report0SourceSSRC: peer,
    Report0FractionLost: lost,
    Report0CumulativeLost: lost,
    Report0HighestSequence: '31066',
    Report0SequenceNumberCycles: '0',
    Report0IAJitter: jitter,
  });
  const ours = ssrcOf(channel, 1);
  const theirs = ssrcOf(channel, 2);
  // The peer's report arrives first in the capture, then ours goes out.
  world.emit('RTCPReceived', 'reporting', { ...channel.snapshot(), To: local, From: remote, RTT: '0.0000', ...common, ...sender(theirs, ours), Report0LSR: '0', Report0DLSR: '0.0000' });
  world.emit('RTCPSent', 'reporting', { ...channel.snapshot(), To: remote, From: local, ...common, ...sender(ours, theirs), Report0LSR: '926540465', Report0DLSR: '0.0210' });
}

/** Every `intervalMs`, an RTCP pair for every bridged PJSIP leg; returns a stop function. */
export function startRtcpReports(world: World, intervalMs = 5000): () => void {
  let stopped = false;
  let cancel: () => void = () => undefined;
  const tick = (): void => {
    if (stopped) return;
    for (const channel of world.channels.values()) {
      if (channel.state === 6 && channel.bridgeId && channel.name.startsWith('PJSIP/')) emitRtcpPair(world, channel);
    }
    cancel = world.clock.schedule(intervalMs, tick);
  };
  cancel = world.clock.schedule(intervalMs, tick);
  return () => {
    stopped = true;
    cancel();
  };
}
