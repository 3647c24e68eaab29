import type { QueueView } from '@ondeck/shared';

/** Defaults until an admin can set thresholds per queue. */
export interface QueueThresholds {
  /** Seconds the longest caller may wait before the queue needs attention. */
  maxWaitSeconds: number;
  /** Callers waiting at once. */
  maxWaiting: number;
  /** Service level percentage below which the queue needs attention. */
  minServiceLevel: number;
}

export const DEFAULT_QUEUE_THRESHOLDS: QueueThresholds = { maxWaitSeconds: 60, maxWaiting: 5, minServiceLevel: 80 };

export function longestWaitMs(queue: QueueView, now: number): number {
  const oldest = Math.min(...queue.callers.map((c) => c.joinedAt));
  return Number.isFinite(oldest) ? Math.max(0, now - oldest) : 0;
}

/** The reasons a queue needs attention, in words; empty when all is well. */
export function queueAlerts(queue: QueueView, now: number, thresholds: QueueThresholds = DEFAULT_QUEUE_THRESHOLDS): string[] {
  const alerts: string[] = [];
  const waitSeconds = Math.floor(longestWaitMs(queue, now) / 1000);
  if (waitSeconds > thresholds.maxWaitSeconds) alerts.push(`A caller has waited over ${thresholds.maxWaitSeconds} s`);
  if (queue.waiting >= thresholds.maxWaiting) alerts.push(`${queue.waiting} callers waiting`);
  const answeredOrLost = queue.completed + queue.abandoned;
  if (answeredOrLost > 0 && queue.serviceLevelPerf < thresholds.minServiceLevel) {
    alerts.push(`Service level ${queue.serviceLevelPerf.toFixed(0)}% is below ${thresholds.minServiceLevel}%`);
  }
  if (queue.members.length > 0 && queue.members.every((m) => m.paused || m.status === 'unavailable' || m.status === 'invalid')) {
    alerts.push('No member can take calls');
  }
  return alerts;
}
