/**
 * The RTP clock rate and codec family of a stream, from two of its sender reports: the RTP
 * timestamp advances at the clock rate, so ΔSentRTP / ΔSentNTP is the rate (snapped to the
 * standard rates), and ΔSentOctets / ΔSentNTP the payload bitrate that tells G.711 from GSM
 * and G.729 at 8 kHz. AMI's RTCP events name no codec and no RTP payload type (their `PT` is
 * the RTCP packet type), so this is how jitter, given in timestamp units, becomes ms.
 */
import { CODECS, type CodecProfile } from './e-model';
import type { RtcpSenderInfo } from './rtcp-report';

/** Until two sender reports arrive: FreePBX's default codec, G.711 at 8000 Hz. */
export const DEFAULT_CLOCK_RATE = 8000;

const STANDARD_RATES = [8000, 16000, 32000, 44100, 48000];
const UINT32 = 2 ** 32;

export interface StreamClock {
  rate: number;
  codec: CodecProfile;
}

export const DEFAULT_STREAM_CLOCK: StreamClock = { rate: DEFAULT_CLOCK_RATE, codec: CODECS.g711 };

/** The codec family by clock rate and payload bytes per second (see README, "Codec"). */
export function codecOf(rate: number, bytesPerSecond: number): CodecProfile {
  if (rate !== 8000) return CODECS.wideband;
  if (bytesPerSecond >= 6000) return CODECS.g711; // 64 kbit/s (G.722 too, which clocks at 8000)
  if (bytesPerSecond >= 1500) return CODECS.gsm; // 13.2 kbit/s (iLBC 13.3/15.2 kbit/s alike)
  return CODECS.g729; // 8 kbit/s
}

/**
 * The clock between two sender reports of one stream, or undefined when they are too close
 * (under half a second), out of order, or give no standard rate within 5 %.
 */
export function clockBetween(earlier: RtcpSenderInfo, later: RtcpSenderInfo): StreamClock | undefined {
  const seconds = later.ntpSeconds - earlier.ntpSeconds;
  if (!(seconds >= 0.5) || later.octets < earlier.octets) return undefined;
  const ticks = (later.rtpTimestamp - earlier.rtpTimestamp + UINT32) % UINT32;
  const measured = ticks / seconds;
  const rate = STANDARD_RATES.find((candidate) => Math.abs(measured - candidate) <= candidate * 0.05);
  if (rate === undefined) return undefined;
  return { rate, codec: codecOf(rate, (later.octets - earlier.octets) / seconds) };
}
