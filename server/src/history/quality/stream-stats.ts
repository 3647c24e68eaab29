/**
 * Running statistics of one media stream of one leg (a channel's `sent` or `received` media):
 * every report block adds a sample (jitter in ms, loss, RTT, MOS); the summary is the average
 * and the worst of them. Bounded: a handful of numbers per stream, however long the call.
 */
import type { QualitySummary } from '@ondeck/shared';
import { clockBetween, DEFAULT_STREAM_CLOCK, type StreamClock } from './clock-rate';
import { estimateMos, gradeOf } from './e-model';
import type { RtcpReportBlock, RtcpSenderInfo } from './rtcp-report';

export interface QualitySample {
  jitterMs: number;
  lossPercent: number;
  rttMs: number | null;
  mos: number;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

export class StreamStats {
  clock: StreamClock = DEFAULT_STREAM_CLOCK;
  latest: QualitySample | undefined;
  private lastSender: RtcpSenderInfo | undefined;
  private reports = 0;
  private mosSum = 0;
  private mosMin = Number.POSITIVE_INFINITY;
  private jitterSum = 0;
  private jitterMax = 0;
  private fractionSum = 0;
  private lossMax = 0;
  private rttSum = 0;
  private rttMax = 0;
  private rttCount = 0;
  private firstBlock: RtcpReportBlock | undefined;
  private lastBlock: RtcpReportBlock | undefined;

  get reportCount(): number {
    return this.reports;
  }

  /** A sender report of this stream: two of them give its clock rate and codec. */
  noteSender(info: RtcpSenderInfo): void {
    if (this.lastSender) this.clock = clockBetween(this.lastSender, info) ?? this.clock;
    this.lastSender = info;
  }

  addBlock(block: RtcpReportBlock, rttMs: number | null): QualitySample {
    const jitterMs = (block.jitterUnits / this.clock.rate) * 1000;
    const lossPercent = block.fractionLostPercent;
    const sample: QualitySample = { jitterMs, lossPercent, rttMs, mos: estimateMos({ codec: this.clock.codec, jitterMs, lossPercent, rttMs }) };
    this.reports += 1;
    this.mosSum += sample.mos;
    this.mosMin = Math.min(this.mosMin, sample.mos);
    this.jitterSum += jitterMs;
    this.jitterMax = Math.max(this.jitterMax, jitterMs);
    this.fractionSum += lossPercent;
    this.lossMax = Math.max(this.lossMax, lossPercent);
    if (rttMs !== null) {
      this.rttSum += rttMs;
      this.rttMax = Math.max(this.rttMax, rttMs);
      this.rttCount += 1;
    }
    this.firstBlock ??= block;
    this.lastBlock = block;
    this.latest = sample;
    return sample;
  }

  /**
   * Loss over the whole stream: packets lost of packets expected between the first and the last
   * report (cumulative counters); with one report, or when the counters did not move, the
   * average of the reported fractions.
   */
  private averageLossPercent(): number {
    const first = this.firstBlock;
    const last = this.lastBlock;
    const expected = first && last ? last.extendedHighestSequence - first.extendedHighestSequence : 0;
    if (!first || !last || expected <= 0) return this.fractionSum / Math.max(1, this.reports);
    const lost = Math.max(0, last.cumulativeLost - first.cumulativeLost);
    return Math.min(100, (lost / expected) * 100);
  }

  summary(): QualitySummary | undefined {
    if (this.reports === 0) return undefined;
    const mosAverage = round2(this.mosSum / this.reports);
    const lossAverage = this.averageLossPercent();
    return {
      grade: gradeOf(mosAverage),
      mosAverage,
      mosWorst: round2(this.mosMin),
      jitterMsAverage: round2(this.jitterSum / this.reports),
      jitterMsWorst: round2(this.jitterMax),
      lossPercentAverage: round2(lossAverage),
      lossPercentWorst: round2(Math.max(this.lossMax, lossAverage)),
      rttMsAverage: this.rttCount === 0 ? null : round2(this.rttSum / this.rttCount),
      rttMsWorst: this.rttCount === 0 ? null : round2(this.rttMax),
      reports: this.reports,
    };
  }
}
