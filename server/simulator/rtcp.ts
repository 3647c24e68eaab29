/**
 * RTCPReceived / RTCPSent per RTP leg, shaped like the rtcp capture (Asterisk 22, G.711): the
 * same fields in the same order, and values that move as a real stream's do, so OnDeck's quality
 * tracker derives the clock rate and loss from them as it does on a real PBX:
 * - sender info: SentNTP is wall time, SentRTP advances 8000 per second, 50 packets of 160 bytes
 *   a second (the capture: +40000 RTP ticks, +250 packets, +40000 octets every 5 s);
 * - report blocks: the highest sequence advances with the packets expected, cumulative loss
 *   grows with the interval's FractionLost, jitter in 8 kHz timestamp units;
 * - LSR is the middle 32 bits of the NTP time (1900 epoch) of the peer's last sender report,
 *   as in the capture (926540465 for SentNTP 1795274937.885519); RTT only once an LSR is set.
 *
 * Each leg gets a network profile from a hash of its Uniqueid, so the demo is the same on every
 * run: most legs are clean, a few fair or poor, trunk legs more often (an internet path).
 */
import { seededRandom } from '../src/lib/seeded-random';
import type { SimChannel } from './channel';
import type { World } from './world';

/** How a leg's network behaves: jitter in 8 kHz units, FractionLost (x/256), round trip ms. */
export interface RtcpProfile {
  name: 'good' | 'fair' | 'poor';
  jitterUnits: number;
  fractionLost: number;
  rttMs: number;
}

/** Reference profiles; their E-model MOS is about 4.4 (good), 3.7 (fair) and 3.0 (poor). */
export const RTCP_PROFILES: Readonly<Record<RtcpProfile['name'], RtcpProfile>> = {
  good: { name: 'good', jitterUnits: 8, fractionLost: 0, rttMs: 2 },
  fair: { name: 'fair', jitterUnits: 120, fractionLost: 15, rttMs: 100 },
  poor: { name: 'poor', jitterUnits: 280, fractionLost: 28, rttMs: 220 },
};

/** One report's overrides (scenarios): jitter in timestamp units, FractionLost (x/256). */
export interface RtcpOverride {
  jitter?: number;
  lost?: number;
}

const CLOCK_RATE = 8000;
const PACKETS_PER_SECOND = 50;
const BYTES_PER_PACKET = 160;
const NTP_EPOCH_OFFSET = 2_208_988_800;
const UINT32 = 2 ** 32;

/** What one direction of the RTP stream has sent so far, and what its receiver measured. */
interface StreamState {
  ssrc: string;
  rtpBase: number;
  sequenceBase: number;
  cumulativeLost: number;
  /** NTP time (s) of this stream's sender's last SR, for the peer's LSR. */
  lastSrNtp: number | undefined;
}

interface LegState {
  profile: RtcpProfile;
  random: () => number;
  startedAt: number;
  lastReportAt: number;
  /** Media Asterisk sends to the device. */
  ours: StreamState;
  /** Media the device sends to Asterisk. */
  theirs: StreamState;
  localPort: number;
  remotePort: number;
}

const legs = new WeakMap<SimChannel, LegState>();

function hashOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash;
}

/** A leg's network profile: internal phones are clean 93 % of the time, trunk legs 60 %. */
export function profileOf(channel: Pick<SimChannel, 'name' | 'uniqueid'>): RtcpProfile {
  const draw = (hashOf(channel.uniqueid) % 1000) / 1000;
  const trunk = /^PJSIP\/trunk/i.test(channel.name);
  const [good, fair] = trunk ? [0.6, 0.88] : [0.93, 0.98];
  if (draw < good) return RTCP_PROFILES.good;
  return draw < fair ? RTCP_PROFILES.fair : RTCP_PROFILES.poor;
}

const hex32 = (value: number): string => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;

function stream(random: () => number): StreamState {
  return {
    ssrc: hex32(Math.floor(random() * UINT32)),
    rtpBase: Math.floor(random() * 60_000),
    sequenceBase: Math.floor(random() * 40_000),
    cumulativeLost: 0,
    lastSrNtp: undefined,
  };
}

function legOf(world: World, channel: SimChannel): LegState {
  const existing = legs.get(channel);
  if (existing) return existing;
  const random = seededRandom(hashOf(channel.uniqueid));
  const startedAt = channel.answeredAt ?? world.clock.now();
  const leg: LegState = {
    profile: profileOf(channel),
    random,
    startedAt,
    lastReportAt: startedAt,
    ours: stream(random),
    theirs: stream(random),
    localPort: 10_000 + 2 * Math.floor(random() * 5_000),
    remotePort: 30_000 + 2 * Math.floor(random() * 5_000),
  };
  legs.set(channel, leg);
  return leg;
}

/** LSR: the middle 32 bits of a 64-bit NTP timestamp (RFC 3550 §6.4.1). */
function middleNtp(unixSeconds: number): number {
  const seconds = Math.floor(unixSeconds) + NTP_EPOCH_OFFSET;
  const fraction = Math.floor((unixSeconds - Math.floor(unixSeconds)) * 65_536);
  return (((seconds & 0xffff) << 16) | fraction) >>> 0;
}

/** A value around `base`, ±`spread` of it, never negative. */
function vary(random: () => number, base: number, spread: number): number {
  return Math.max(0, Math.round(base * (1 + (random() * 2 - 1) * spread)));
}

/** Sender info and the first report block, in the capture's field order. */
function reportFields(
  sender: StreamState,
  senderPackets: number,
  senderNtp: number,
  measured: StreamState,
  measuredPackets: number,
  block: { fractionLost: number; jitter: number; lsr: number; dlsr: number },
): Record<string, string> {
  const highest = measured.sequenceBase + measuredPackets;
  return {
    SSRC: sender.ssrc,
    PT: '200(SR)',
    ReportCount: '1',
    SentNTP: senderNtp.toFixed(6),
    SentRTP: String((sender.rtpBase + senderPackets * (CLOCK_RATE / PACKETS_PER_SECOND)) % UINT32),
    SentPackets: String(senderPackets),
    SentOctets: String(senderPackets * BYTES_PER_PACKET),
    Report0SourceSSRC: measured.ssrc,
    Report0FractionLost: String(block.fractionLost),
    Report0CumulativeLost: String(measured.cumulativeLost),
    Report0HighestSequence: String(highest % 65_536),
    Report0SequenceNumberCycles: String(Math.floor(highest / 65_536)),
    Report0IAJitter: String(block.jitter),
    Report0LSR: String(block.lsr),
    Report0DLSR: block.dlsr.toFixed(4),
  };
}

/**
 * One RTCPReceived (the device's report) and one RTCPSent (Asterisk's) for an RTP leg, in the
 * capture's order. `override` fixes this report's jitter and FractionLost (both directions).
 */
export function emitRtcpPair(world: World, channel: SimChannel, override: RtcpOverride = {}): void {
  const leg = legOf(world, channel);
  const { random, profile } = leg;
  const now = world.clock.now();
  const packets = Math.max(1, Math.round(((now - leg.startedAt) / 1000) * PACKETS_PER_SECOND));
  const intervalPackets = Math.max(1, Math.round(((now - leg.lastReportAt) / 1000) * PACKETS_PER_SECOND));
  leg.lastReportAt = now;

  const measure = (measured: StreamState): { fractionLost: number; jitter: number } => {
    const fractionLost = Math.min(255, override.lost ?? vary(random, profile.fractionLost, 0.35));
    measured.cumulativeLost += Math.round((intervalPackets * fractionLost) / 256);
    return { fractionLost, jitter: override.jitter ?? Math.max(1, vary(random, profile.jitterUnits, 0.4)) };
  };
  const local = `127.0.0.1:${leg.localPort}`;
  const remote = `127.0.0.1:${leg.remotePort}`;
  const common = { MES: '88.1' };

  // The device's report: its own media, and what it measured of ours against our last SR.
  const deviceNtp = now / 1000 - 0.02;
  const deviceBlock = measure(leg.ours);
  const ourLastSr = leg.ours.lastSrNtp;
  const rttSeconds = ourLastSr === undefined ? 0 : vary(random, profile.rttMs, 0.25) / 1000;
  const dlsr = ourLastSr === undefined ? 0 : Math.max(0, deviceNtp - ourLastSr - rttSeconds / 2);
  world.emit('RTCPReceived', 'reporting', {
    ...channel.snapshot(),
    To: local,
    From: remote,
    RTT: rttSeconds.toFixed(4),
    ...common,
    ...reportFields(leg.theirs, packets, deviceNtp, leg.ours, packets, { ...deviceBlock, lsr: ourLastSr === undefined ? 0 : middleNtp(ourLastSr), dlsr }),
  });
  leg.theirs.lastSrNtp = deviceNtp;

  // Asterisk's report: our media, and what we measured of the device's, answering its SR just now.
  const ourNtp = now / 1000;
  const ourBlock = measure(leg.theirs);
  world.emit('RTCPSent', 'reporting', {
    ...channel.snapshot(),
    To: remote,
    From: local,
    ...common,
    ...reportFields(leg.ours, packets, ourNtp, leg.theirs, packets, { ...ourBlock, lsr: middleNtp(deviceNtp), dlsr: ourNtp - deviceNtp }),
  });
  leg.ours.lastSrNtp = ourNtp;
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
