import { DEFAULT_QUEUE_THRESHOLDS, queueFigures, type QueueFigures, type QueueThresholds, type QueueView } from '@ondeck/shared';

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
  if (figures.answered + figures.abandoned > 0 && figures.serviceLevelPercent < thresholds.minServiceLevel) {
    alerts.push(`Service level ${figures.serviceLevelPercent.toFixed(0)}% is below ${thresholds.minServiceLevel}%`);
  }
  const { total, available, busy } = figures.members;
  if (total > 0 && available + busy === 0) alerts.push('No member can take calls');
  return alerts;
}

export function queueAlerts(queue: QueueView, now: number, thresholds: QueueThresholds = DEFAULT_QUEUE_THRESHOLDS): string[] {
  return figureAlerts(queueFigures(queue, now), thresholds);
}
