/**
 * The port the call log reads quality through, and its implementation on call_quality_legs.
 * A call's summary is its worst direction's (lowest average MOS), with the worst values of all.
 */
import type { CallQualityDetail, LegQuality, QualitySummary } from '@ondeck/shared';
import type { QualityStore } from './quality.repository';

export interface QualityLookup {
  /** Summaries of the calls that have any; calls without RTCP are absent from the map. */
  summariesFor(linkedids: string[]): Promise<Map<string, QualitySummary>>;
  detailFor(linkedid: string): Promise<CallQualityDetail>;
}

/** Linkedids as Asterisk writes them; anything else cannot have stored quality. */
const LINKEDID = /^[\w.-]{1,64}$/;

function worstOf(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** The whole call from its leg directions: the worst direction decides; worst values are the worst of all. */
export function callSummary(legs: readonly LegQuality[]): QualitySummary | null {
  const summaries = legs.map((leg) => leg.summary);
  const [first, ...rest] = summaries;
  if (!first) return null;
  const worst = rest.reduce((a, b) => (b.mosAverage < a.mosAverage ? b : a), first);
  return {
    ...worst,
    mosWorst: Math.min(...summaries.map((s) => s.mosWorst)),
    jitterMsWorst: Math.max(...summaries.map((s) => s.jitterMsWorst)),
    lossPercentWorst: Math.max(...summaries.map((s) => s.lossPercentWorst)),
    rttMsWorst: worstOf(summaries.map((s) => s.rttMsWorst)),
    reports: summaries.reduce((sum, s) => sum + s.reports, 0),
  };
}

export class StoredQualityLookup implements QualityLookup {
  constructor(private readonly repository: Pick<QualityStore, 'legsOf'>) {}

  async summariesFor(linkedids: string[]): Promise<Map<string, QualitySummary>> {
    const wanted = [...new Set(linkedids.filter((id) => LINKEDID.test(id)))];
    const byCall = new Map<string, LegQuality[]>();
    for (const { linkedid, ...leg } of await this.repository.legsOf(wanted)) {
      const legs = byCall.get(linkedid) ?? [];
      legs.push(leg);
      byCall.set(linkedid, legs);
    }
    const out = new Map<string, QualitySummary>();
    for (const [linkedid, legs] of byCall) {
      const summary = callSummary(legs);
      if (summary) out.set(linkedid, summary);
    }
    return out;
  }

  async detailFor(linkedid: string): Promise<CallQualityDetail> {
    if (!LINKEDID.test(linkedid)) return { linkedid, summary: null, legs: [] };
    const legs: LegQuality[] = (await this.repository.legsOf([linkedid])).map(({ channel, direction, summary }) => ({ channel, direction, summary }));
    return { linkedid, summary: callSummary(legs), legs };
  }
}
