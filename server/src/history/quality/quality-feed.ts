/**
 * The PBX feed the live panel reads, with `quality` on calls in progress. The PBX model knows
 * nothing of RTCP, so this wrapper adds each call's live quality (QualityTracker.liveQuality) to
 * snapshots and call changes, and pushes a call update of its own when a report changes what the
 * call shows. The live panel takes it as any `PbxFeed`: its scope filter and coalescer apply as
 * to every other change, so quality reaches a socket only for calls that socket may see.
 */
import type { CallView, LiveCallQuality, ModelChange, PbxSnapshot } from '@ondeck/shared';
import type { PbxFeed } from '../../live';

/** The PBX model as the feed needs it: the live panel's feed plus one call by id. */
export interface QualityFeedSource extends PbxFeed {
  call(id: string): CallView | undefined;
}

/** A call's live quality by call id (the model's call id is Asterisk's linkedid). */
export type LiveQualityOf = (callId: string) => LiveCallQuality | undefined;

const sameQuality = (a: LiveCallQuality | undefined, b: LiveCallQuality | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.mos === b.mos && a.jitterMs === b.jitterMs && a.lossPercent === b.lossPercent && a.rttMs === b.rttMs);

export class QualityFeed implements PbxFeed {
  private readonly listeners = new Set<(change: ModelChange) => void>();
  /** What each call was last published with, so an unchanged (rounded) quality is not pushed again. */
  private readonly published = new Map<string, LiveCallQuality>();

  constructor(
    private readonly base: QualityFeedSource,
    private readonly qualityOf: LiveQualityOf,
  ) {}

  snapshot(): PbxSnapshot {
    const snapshot = this.base.snapshot();
    return { ...snapshot, calls: snapshot.calls.map((call) => this.withQuality(call)) };
  }

  subscribe(listener: (change: ModelChange) => void): () => void {
    const unsubscribe = this.base.subscribe((change) => listener(this.overlay(change)));
    this.listeners.add(listener);
    return () => {
      unsubscribe();
      this.listeners.delete(listener);
    };
  }

  /**
   * The tracker saw a report (or a leg ended) on this call: publish the call when what it shows
   * changed. A call the model no longer has (its last leg hung up) is only forgotten: the model's
   * own `removed` change already told the panel.
   */
  qualityChanged(callId: string): void {
    const call = this.base.call(callId);
    if (!call) {
      this.published.delete(callId);
      return;
    }
    const quality = this.qualityOf(callId);
    if (sameQuality(this.published.get(callId), quality)) return;
    const change: ModelChange = { kind: 'call', op: 'updated', id: callId, value: this.withQuality(call) };
    for (const listener of this.listeners) listener(change);
  }

  private overlay(change: ModelChange): ModelChange {
    if (change.kind !== 'call') return change;
    if (change.op === 'removed' || change.value === undefined) {
      this.published.delete(change.id);
      return change;
    }
    return { ...change, value: this.withQuality(change.value) };
  }

  private withQuality(call: CallView): CallView {
    const quality = this.qualityOf(call.id);
    if (quality === undefined) {
      this.published.delete(call.id);
      return call;
    }
    this.published.set(call.id, quality);
    return { ...call, quality: { ...quality } };
  }
}
