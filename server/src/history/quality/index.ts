/**
 * Call quality, wired: AMI events feed the tracker; ended legs are stored in call_quality_legs;
 * the live panel reads its feed, the call log its lookup. See ./README.md for the design.
 */
import type { AmiMessage } from '../../pbx/ami/codec';
import type { Logger } from '../../logging';
import { systemTimers, type Timers } from '../../lib/clock';
import { QualityFeed, type QualityFeedSource } from './quality-feed';
import { StoredQualityLookup, type QualityLookup } from './quality-lookup';
import type { QualityStore } from './quality.repository';
import { QualityTracker, type LegSummaryRecord } from './quality-tracker';

export { QualityFeed, type QualityFeedSource, type LiveQualityOf } from './quality-feed';
export { StoredQualityLookup, callSummary, type QualityLookup } from './quality-lookup';
export { QualityRepository, type QualityStore, type StoredLegQuality } from './quality.repository';
export { QualityTracker, type LegSummaryRecord, type LiveQuality } from './quality-tracker';

/** The AMI link's raw events (AmiConnection fits as it is). */
export interface AmiEventSource {
  on(event: 'event', listener: (message: AmiMessage) => void): unknown;
  off(event: 'event', listener: (message: AmiMessage) => void): unknown;
}

export interface QualityModuleDeps {
  /** call_quality_legs: `new QualityRepository(pool)`. */
  repository: QualityStore;
  /** Every AMI event (the tracker picks RTCPSent, RTCPReceived and Hangup). */
  events: AmiEventSource;
  /** The PBX model the live panel reads; the module's `feed` wraps it. */
  pbx: QualityFeedSource;
  logger: Logger;
  timers?: Timers;
  /** How often legs whose Hangup was lost are looked for (default 1 minute). */
  sweepIntervalMs?: number;
  maxLegs?: number;
  idleMs?: number;
}

export interface QualityModule {
  /** Stored per-call and per-leg quality, for the call log. */
  lookup: QualityLookup;
  /** Hand to the live panel as its PBX feed: calls in progress carry `quality`. */
  feed: QualityFeed;
  /** Starts listening to AMI events and sweeping idle legs. */
  start(): void;
  /** Stops listening, stores what the legs still in progress have, and waits for the writes. */
  stop(): Promise<void>;
  /** Resolves when every write started so far has finished (tests, shutdown). */
  settled(): Promise<void>;
}

export function createQualityModule(deps: QualityModuleDeps): QualityModule {
  const { logger, repository } = deps;
  const timers = deps.timers ?? systemTimers;
  const pending = new Set<Promise<void>>();

  /** One ended leg's directions; the promise never rejects (a failure is logged), so nothing awaits it but stop(). */
  const store = (records: LegSummaryRecord[]): void => {
    const details = { linkedid: records[0]?.linkedid, channel: records[0]?.channel, rows: records.length };
    const write: Promise<void> = repository
      .insert(records)
      .then(
        () => logger.debug(details, 'call quality stored'),
        // The call itself is unaffected; only its quality is missing from the call log.
        (error: unknown) => logger.error({ ...details, err: error }, 'call quality could not be stored'),
      )
      .finally(() => pending.delete(write));
    pending.add(write);
  };

  const tracker: QualityTracker = new QualityTracker({
    store,
    // Called only once reports arrive, after `feed` below exists.
    onChange: (linkedid) => feed.qualityChanged(linkedid),
    now: () => timers.now(),
    onFull: (maxLegs) => logger.warn({ maxLegs }, 'call quality: too many legs at once; reports of further legs are ignored until some end'),
    ...(deps.maxLegs !== undefined ? { maxLegs: deps.maxLegs } : {}),
    ...(deps.idleMs !== undefined ? { idleMs: deps.idleMs } : {}),
  });
  const feed = new QualityFeed(deps.pbx, (callId) => tracker.liveQuality(callId));

  const onEvent = (message: AmiMessage): void => {
    try {
      tracker.handle(message);
    } catch (error) {
      // The tracker validates everything; a bug here must not break the AMI link's event loop.
      logger.error({ err: error, event: message.event }, 'call quality failed on an AMI event');
    }
  };

  const sweepIntervalMs = deps.sweepIntervalMs ?? 60_000;
  let sweepTimer: unknown;
  const scheduleSweep = (): void => {
    sweepTimer = timers.setTimeout(() => {
      tracker.sweep();
      scheduleSweep();
    }, sweepIntervalMs);
  };

  const settled = async (): Promise<void> => {
    await Promise.all([...pending]);
  };

  return {
    lookup: new StoredQualityLookup(repository),
    feed,
    start() {
      deps.events.on('event', onEvent);
      scheduleSweep();
    },
    async stop() {
      deps.events.off('event', onEvent);
      if (sweepTimer !== undefined) timers.clearTimeout(sweepTimer);
      sweepTimer = undefined;
      tracker.flushAll();
      await settled();
    },
    settled,
  };
}
