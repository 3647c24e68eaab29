/**
 * RTCPSent / RTCPReceived (AMI class `reporting`) as typed reports, validated where AMI enters.
 * Asterisk writes one of each per RTP instance about every 5 s. Which media a report is about:
 * - RTCPSent carries Asterisk's own report: its sender info describes the media Asterisk sends to
 *   the channel's device, its report block what Asterisk measured on the media it receives.
 * - RTCPReceived carries the device's report: its sender info describes the device's media, its
 *   report block what the device measured on the media Asterisk sent it. Only here does Asterisk
 *   compute a round trip (`RTT`, from the block's LSR/DLSR against its own clock).
 * The values come from the network peer, so every number is checked and anything malformed is
 * dropped (the whole report or only that part), never guessed.
 */
import type { AmiMessage } from '../../pbx/ami/codec';
import { sanitizeAmiValue } from '../../pbx/ami/codec';

/** `sent`: media Asterisk sends to the device; `received`: media Asterisk receives from it. */
export type StreamDirection = 'sent' | 'received';

export interface RtcpSenderInfo {
  /** NTP time of the sender report, seconds (only differences are used). */
  ntpSeconds: number;
  rtpTimestamp: number;
  packets: number;
  octets: number;
}

export interface RtcpReportBlock {
  /** FractionLost / 256 over the reporter's last interval, percent. */
  fractionLostPercent: number;
  cumulativeLost: number;
  /** Cycles × 65536 + highest sequence number received. */
  extendedHighestSequence: number;
  /** Interarrival jitter in RTP timestamp units of the stream's clock. */
  jitterUnits: number;
}

export interface RtcpReport {
  event: 'RTCPSent' | 'RTCPReceived';
  channel: string;
  uniqueid: string;
  linkedid: string;
  /** The sender info (SR only) and the direction of the media it describes. */
  sender?: { direction: StreamDirection; info: RtcpSenderInfo };
  /** The first report block and the direction of the media it measured. */
  block?: { direction: StreamDirection; value: RtcpReportBlock };
  /** Round trip, ms (RTCPReceived with a block that answers one of our sender reports). */
  rttMs?: number;
}

const CHANNEL_NAME = /^[A-Za-z0-9]{1,16}\/[^\s]{1,120}$/;
const ID = /^[\w.-]{1,64}$/;
const UNSIGNED = /^\d{1,10}$/;
const SIGNED = /^-?\d{1,10}$/;
const DECIMAL = /^\d{1,12}(\.\d{1,9})?$/;
const UINT32 = 2 ** 32;

/** A field's value as one clean token (control characters out, trimmed). */
function field(message: AmiMessage, key: string): string | undefined {
  const value = message.get(key);
  return value === undefined ? undefined : sanitizeAmiValue(value).trim();
}

function unsigned(message: AmiMessage, key: string, max = UINT32 - 1): number | undefined {
  const value = field(message, key);
  if (value === undefined || !UNSIGNED.test(value)) return undefined;
  const parsed = Number(value);
  return parsed <= max ? parsed : undefined;
}

function decimal(message: AmiMessage, key: string): number | undefined {
  const value = field(message, key);
  return value !== undefined && DECIMAL.test(value) ? Number(value) : undefined;
}

function senderInfo(message: AmiMessage): RtcpSenderInfo | undefined {
  // Only a sender report (PT 200) has sender info; a receiver report (201) has blocks only.
  if (!/^200\b/.test(field(message, 'PT') ?? '')) return undefined;
  const ntpSeconds = decimal(message, 'SentNTP');
  const rtpTimestamp = unsigned(message, 'SentRTP');
  const packets = unsigned(message, 'SentPackets');
  const octets = unsigned(message, 'SentOctets');
  if (ntpSeconds === undefined || rtpTimestamp === undefined || packets === undefined || octets === undefined) return undefined;
  return { ntpSeconds, rtpTimestamp, packets, octets };
}

function reportBlock(message: AmiMessage): RtcpReportBlock | undefined {
  if ((unsigned(message, 'ReportCount', 31) ?? 0) < 1) return undefined;
  const fraction = unsigned(message, 'Report0FractionLost', 255);
  const cumulativeText = field(message, 'Report0CumulativeLost');
  const highest = unsigned(message, 'Report0HighestSequence', 65_535);
  const cycles = unsigned(message, 'Report0SequenceNumberCycles', 65_535) ?? 0;
  const jitter = unsigned(message, 'Report0IAJitter');
  if (fraction === undefined || cumulativeText === undefined || !SIGNED.test(cumulativeText) || highest === undefined || jitter === undefined) {
    return undefined;
  }
  return {
    fractionLostPercent: (fraction / 256) * 100,
    // A 24-bit signed count: duplicates can make it negative; nothing was lost then.
    cumulativeLost: Math.max(0, Number(cumulativeText)),
    extendedHighestSequence: cycles * 65_536 + highest,
    jitterUnits: jitter,
  };
}

/**
 * Asterisk's RTT (seconds) is `now − LSR − DLSR` in 1/65536 s steps modulo 65536 s: a round trip
 * shorter than one step comes out as just under 65536 (the rtcp capture's 65535.9998). Those
 * are 0 ms; a value that is neither a plausible round trip (< 10 s) nor such a wrap is dropped.
 * Without an LSR the block answers no sender report of ours and the RTT means nothing.
 */
function roundTripMs(message: AmiMessage): number | undefined {
  const lsr = unsigned(message, 'Report0LSR');
  const rtt = decimal(message, 'RTT');
  if (lsr === undefined || lsr === 0 || rtt === undefined) return undefined;
  const signed = rtt >= 32_768 ? rtt - 65_536 : rtt;
  if (signed < -1 || signed > 10) return undefined;
  return Math.max(0, signed) * 1000;
}

/** The report in an AMI event, or undefined when it is not an RTCP event or not usable. */
export function parseRtcpEvent(message: AmiMessage): RtcpReport | undefined {
  const event = message.event?.trim().toLowerCase();
  if (event !== 'rtcpsent' && event !== 'rtcpreceived') return undefined;
  const channel = field(message, 'Channel');
  const uniqueid = field(message, 'Uniqueid');
  const linkedid = field(message, 'Linkedid');
  if (channel === undefined || !CHANNEL_NAME.test(channel) || uniqueid === undefined || !ID.test(uniqueid)) return undefined;
  if (linkedid === undefined || !ID.test(linkedid)) return undefined;
  const ours = event === 'rtcpsent';
  const report: RtcpReport = { event: ours ? 'RTCPSent' : 'RTCPReceived', channel, uniqueid, linkedid };
  const info = senderInfo(message);
  if (info) report.sender = { direction: ours ? 'sent' : 'received', info };
  const block = reportBlock(message);
  if (block) report.block = { direction: ours ? 'received' : 'sent', value: block };
  if (!ours) {
    const rtt = roundTripMs(message);
    if (rtt !== undefined) report.rttMs = rtt;
  }
  return report;
}
