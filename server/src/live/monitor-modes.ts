import type { CallView, ModelChange, MonitorMode, PbxSnapshot, SpyView } from '@ondeck/shared';
import type { PbxFeed } from './ports';

/**
 * The PBX feed with the monitor modes OnDeck switched. ChanSpy's `d` keys change the mode
 * without any AMI event (capture spy-mode-switch: only DTMFBegin/DTMFEnd on the spy channel),
 * so the model keeps the mode of the start options; this feed puts the mode OnDeck last
 * switched to on the spy's `SpyView` everywhere (the spy leg's `spying` and the spied call's
 * `spiedBy`) and pushes the changed calls to every listener at once.
 *
 * Held in memory: after an OnDeck restart a switched session shows its starting mode again
 * until it is switched or stopped.
 */
export class MonitoredFeed implements PbxFeed {
  private readonly switched = new Map<string, MonitorMode>();
  private readonly listeners = new Set<(change: ModelChange) => void>();

  constructor(private readonly base: PbxFeed) {}

  snapshot(): PbxSnapshot {
    const snapshot = this.base.snapshot();
    if (this.switched.size === 0) return snapshot;
    return { ...snapshot, calls: snapshot.calls.map((call) => this.overlay(call)) };
  }

  subscribe(listener: (change: ModelChange) => void): () => void {
    const unsubscribe = this.base.subscribe((change) => listener(this.overlayChange(change)));
    this.listeners.add(listener);
    return () => {
      unsubscribe();
      this.listeners.delete(listener);
    };
  }

  /** The session on `spyChannel` now runs in `mode`: remember it and publish the calls it touches. */
  setMode(spyChannel: string, mode: MonitorMode): void {
    const calls = this.base.snapshot().calls;
    // Forget sessions whose spy leg is gone; channel names are unique while Asterisk runs.
    for (const channel of this.switched.keys()) {
      if (!calls.some((call) => call.spying?.spyChannel === channel)) this.switched.delete(channel);
    }
    this.switched.set(spyChannel, mode);
    for (const call of calls) {
      if (call.spying?.spyChannel !== spyChannel && !call.spiedBy.some((spy) => spy.spyChannel === spyChannel)) continue;
      const change: ModelChange = { kind: 'call', op: 'updated', id: call.id, value: this.overlay(call) };
      for (const listener of this.listeners) listener(change);
    }
  }

  /** The mode a session runs in now (switched or as started). */
  modeOf(spy: SpyView): MonitorMode {
    return this.switched.get(spy.spyChannel) ?? spy.mode;
  }

  private overlayChange(change: ModelChange): ModelChange {
    if (this.switched.size === 0 || change.kind !== 'call' || change.value === undefined) return change;
    return { ...change, value: this.overlay(change.value) };
  }

  private overlay(call: CallView): CallView {
    const touches = (spy: SpyView): boolean => this.switched.has(spy.spyChannel);
    if (!(call.spying && touches(call.spying)) && !call.spiedBy.some(touches)) return call;
    const withMode = (spy: SpyView): SpyView => (touches(spy) ? { ...spy, mode: this.modeOf(spy) } : spy);
    const view: CallView = { ...call, spiedBy: call.spiedBy.map(withMode) };
    if (call.spying) view.spying = withMode(call.spying);
    return view;
  }
}
