import { DEFAULT_QUEUE_THRESHOLDS, queueFigures, serviceLevelBreached, serviceLevelMeasured, type QueueFigures, type QueueThresholds, type QueueView } from '@ondeck/shared';

export function longestWaitMs(queue: QueueView, now: number): number {
  const oldest = Math.min(...queue.callers.map((c) => c.joinedAt));
  return Number.isFinite(oldest) ? Math.max(0, now - oldest) : 0;
}

/**
 * The reasons a queue needs attention, in words; empty when all is well. Works on figures only,
 * so the signed-in panel and a read-only wallboard link (which gets no callers or members) agree.
 */
export function figureAlerts(figures: QueueFigures, thresholds: QueueThresholds = DEFAULT_QUEUE_THRESHOLDS): string[] {
  const alerts: string[] = [];
  if (figures.longestWaitSeconds > thresholds.maxWaitSeconds) alerts.push(`A caller has waited over ${thresholds.maxWaitSeconds} s`);
  if (figures.waiting >= thresholds.maxWaiting) alerts.push(`${figures.waiting} ${figures.waiting === 1 ? 'caller' : 'callers'} waiting`);
  if (serviceLevelBreached(figures, thresholds)) {
    alerts.push(`Service level ${figures.serviceLevelPercent.toFixed(0)}% is below ${thresholds.minServiceLevel}%`);
  }
  const { total, available, busy } = figures.members;
  if (total > 0 && available + busy === 0) alerts.push('No member can take calls');
  return alerts;
}

export function queueAlerts(queue: QueueView, now: number, thresholds: QueueThresholds = DEFAULT_QUEUE_THRESHOLDS): string[] {
  return figureAlerts(queueFigures(queue, now), thresholds);
}

/**
 * The service level as a person reads it: "—" when the queue has no interval set or nothing
 * was answered yet (Asterisk then says 0.0%, which is no measurement).
 */
export function serviceLevelText(figures: Pick<QueueFigures, 'serviceLevelSeconds' | 'answered' | 'serviceLevelPercent'>): string {
  return serviceLevelMeasured(figures) ? `${figures.serviceLevelPercent.toFixed(0)}%` : '—';
}

/** Why the service level shows "—", for a tooltip; undefined when it is measured. */
export function serviceLevelNote(figures: Pick<QueueFigures, 'serviceLevelSeconds' | 'answered'>): string | undefined {
  if (figures.serviceLevelSeconds <= 0) return 'No service level interval is set for this queue';
  if (figures.answered <= 0) return 'No answered calls yet';
  return undefined;
}
