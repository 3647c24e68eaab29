/**
 * Call quality while calls run: RTCP reports go into per-leg, per-direction running statistics;
 * when a leg hangs up (or has been silent for too long) its summaries are handed to `store`.
 * Pure and synchronous apart from the injected store and listener, so tests drive it with the
 * captures' messages.
 */
import type { LiveCallQuality, QualitySummary } from '@ondeck/shared';
import type { AmiMessage } from '../../pbx/ami/codec';
import { sanitizeAmiValue } from '../../pbx/ami/codec';
import { gradeOf } from './e-model';
import { parseRtcpEvent, type RtcpReport, type StreamDirection } from './rtcp-report';
import { StreamStats, type QualitySample } from './stream-stats';

/** One direction of one leg, as it is stored when the leg ends. */
export interface LegSummaryRecord {
  linkedid: string;
  uniqueid: string;
  channel: string;
  direction: StreamDirection;
  codec: string;
  clockRate: number;
  startedAt: Date;
  endedAt: Date;
  summary: QualitySummary;
}

/**
 * The quality a call in progress shows: the leg direction whose latest report has the lowest
 * MOS, with that report's figures. Rounded to what a person can tell apart (MOS, jitter and loss
 * to 0.1, RTT to 1 ms), so a call is pushed again only when something visible changed.
 */
export type LiveQuality = LiveCallQuality;

const round1 = (value: number): number => Math.round(value * 10) / 10;

interface LegState {
  channel: string;
  uniqueid: string;
  linkedid: string;
  rttMs: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
  streams: Record<StreamDirection, StreamStats>;
}

export interface QualityTrackerOptions {
  /** Gets the summaries of every leg that ended; must not throw (errors are its own to log). */
  store: (records: LegSummaryRecord[]) => void;
  /** The live quality of this call may have changed. */
  onChange?: (linkedid: string) => void;
  now: () => number;
  /** Legs tracked at most at once; reports of further legs are ignored (default 20,000). */
  maxLegs?: number;
  /** A leg with no report this long is taken as ended (a lost Hangup); default 10 minutes. */
  idleMs?: number;
  /** Told once when `maxLegs` is first reached. */
  onFull?: (maxLegs: number) => void;
}

const DIRECTIONS: readonly StreamDirection[] = ['sent', 'received'];
const ID = /^[\w.-]{1,64}$/;

export class QualityTracker {
  private readonly legs = new Map<string, LegState>();
  private readonly legsOfCall = new Map<string, Set<string>>();
  private readonly maxLegs: number;
  private readonly idleMs: number;
  private warnedFull = false;

  constructor(private readonly options: QualityTrackerOptions) {
    this.maxLegs = options.maxLegs ?? 20_000;
    this.idleMs = options.idleMs ?? 10 * 60_000;
  }

  get trackedLegs(): number {
    return this.legs.size;
  }

  /** One AMI event: RTCP reports update their leg; a Hangup ends it. Never throws for any input. */
  handle(message: AmiMessage): void {
    const event = message.event?.trim().toLowerCase();
    if (event === 'hangup') {
      const uniqueid = sanitizeAmiValue(message.get('Uniqueid') ?? '').trim();
      if (ID.test(uniqueid)) this.end(uniqueid);
      return;
    }
    const report = parseRtcpEvent(message);
    if (report) this.add(report);
  }

  add(report: RtcpReport): void {
    const leg = this.legFor(report);
    if (!leg) return;
    leg.lastSeenAt = this.options.now();
    if (report.sender) leg.streams[report.sender.direction].noteSender(report.sender.info);
    if (report.rttMs !== undefined) leg.rttMs = report.rttMs;
    if (report.block) {
      leg.streams[report.block.direction].addBlock(report.block.value, leg.rttMs);
      this.options.onChange?.(leg.linkedid);
    }
  }

  /** The live quality of a call, or undefined while none of its legs has a report. */
  liveQuality(linkedid: string): LiveQuality | undefined {
    let worst: QualitySample | undefined;
    for (const uniqueid of this.legsOfCall.get(linkedid) ?? []) {
      const leg = this.legs.get(uniqueid);
      for (const direction of DIRECTIONS) {
        const latest = leg?.streams[direction].latest;
        if (latest !== undefined && (worst === undefined || latest.mos < worst.mos)) worst = latest;
      }
    }
    if (worst === undefined) return undefined;
    const mos = round1(worst.mos);
    return {
      grade: gradeOf(mos),
      mos,
      jitterMs: round1(worst.jitterMs),
      lossPercent: round1(worst.lossPercent),
      rttMs: worst.rttMs === null ? null : Math.round(worst.rttMs),
    };
  }

  /** Ends the legs that have been silent for `idleMs` (their Hangup was lost with the AMI link). */
  sweep(): void {
    const cutoff = this.options.now() - this.idleMs;
    for (const [uniqueid, leg] of this.legs) if (leg.lastSeenAt < cutoff) this.end(uniqueid);
  }

  /** Stores what every leg has so far and forgets them (shutdown). */
  flushAll(): void {
    for (const uniqueid of [...this.legs.keys()]) this.end(uniqueid);
  }

  private legFor(report: RtcpReport): LegState | undefined {
    const existing = this.legs.get(report.uniqueid);
    if (existing) {
      // Asterisk may hand a channel a new Linkedid (transfers): its quality follows it.
      if (existing.linkedid !== report.linkedid) {
        this.unindex(existing);
        existing.linkedid = report.linkedid;
        this.index(existing);
      }
      return existing;
    }
    if (this.legs.size >= this.maxLegs) {
      if (!this.warnedFull) this.options.onFull?.(this.maxLegs);
      this.warnedFull = true;
      return undefined;
    }
    const now = this.options.now();
    const leg: LegState = {
      channel: report.channel,
      uniqueid: report.uniqueid,
      linkedid: report.linkedid,
      rttMs: null,
      firstSeenAt: now,
      lastSeenAt: now,
      streams: { sent: new StreamStats(), received: new StreamStats() },
    };
    this.legs.set(leg.uniqueid, leg);
    this.index(leg);
    return leg;
  }

  private end(uniqueid: string): void {
    const leg = this.legs.get(uniqueid);
    if (!leg) return;
    this.legs.delete(uniqueid);
    this.unindex(leg);
    if (this.legs.size < this.maxLegs) this.warnedFull = false;
    const records: LegSummaryRecord[] = [];
    for (const direction of DIRECTIONS) {
      const stream = leg.streams[direction];
      const summary = stream.summary();
      if (!summary) continue;
      records.push({
        linkedid: leg.linkedid,
        uniqueid: leg.uniqueid,
        channel: leg.channel,
        direction,
        codec: stream.clock.codec.name,
        clockRate: stream.clock.rate,
        startedAt: new Date(leg.firstSeenAt),
        endedAt: new Date(this.options.now()),
        summary,
      });
    }
    if (records.length > 0) this.options.store(records);
    this.options.onChange?.(leg.linkedid);
  }

  private index(leg: LegState): void {
    let set = this.legsOfCall.get(leg.linkedid);
    if (!set) this.legsOfCall.set(leg.linkedid, (set = new Set()));
    set.add(leg.uniqueid);
  }

  private unindex(leg: LegState): void {
    const set = this.legsOfCall.get(leg.linkedid);
    set?.delete(leg.uniqueid);
    if (set?.size === 0) this.legsOfCall.delete(leg.linkedid);
  }
}
