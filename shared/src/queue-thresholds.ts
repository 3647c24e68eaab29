import { z } from 'zod';
import { queueIdSchema } from './auth';
import type { QueueView } from './pbx';

/**
 * When a queue needs attention. An admin sets them per queue; a queue without its own
 * thresholds uses DEFAULT_QUEUE_THRESHOLDS.
 */
export const queueThresholdsSchema = z
  .object({
    /** Seconds the longest caller may wait before the queue needs attention. */
    maxWaitSeconds: z.number().int('must be a whole number').min(1, 'must be at least 1 second').max(3600, 'must be at most 3600 seconds (an hour)'),
    /** Callers waiting at once. */
    maxWaiting: z.number().int('must be a whole number').min(1, 'must be at least 1 caller').max(1000, 'must be at most 1000 callers'),
    /** Service level percentage below which the queue needs attention. */
    minServiceLevel: z.number().int('must be a whole number').min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100'),
  })
  .strict();
export type QueueThresholds = z.infer<typeof queueThresholdsSchema>;

export const DEFAULT_QUEUE_THRESHOLDS: Readonly<QueueThresholds> = Object.freeze({ maxWaitSeconds: 60, maxWaiting: 5, minServiceLevel: 80 });

/** Thresholds by queue name; only queues an admin customised are present. */
export type QueueThresholdMap = Record<string, QueueThresholds>;

export const queueThresholdsParamsSchema = z.object({ queue: queueIdSchema });

export function thresholdsFor(map: Readonly<QueueThresholdMap> | undefined, queue: string): QueueThresholds {
  return map?.[queue] ?? DEFAULT_QUEUE_THRESHOLDS;
}

/** One row of the admin's list: every queue the PBX knows plus every queue with stored thresholds. */
export interface QueueThresholdsEntry {
  queue: string;
  thresholds: QueueThresholds;
  /** False when the queue uses the defaults. */
  custom: boolean;
  /** False when the PBX does not report this queue now (kept so the admin can reset it). */
  onPbx: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface QueueThresholdsList {
  defaults: QueueThresholds;
  queues: QueueThresholdsEntry[];
}

/** Members of a queue by what they can do now: counts only, no names. */
export interface QueueMemberCounts {
  total: number;
  /** Idle and not paused: can take the next call. */
  available: number;
  /** Not paused and on a call, ringing or in an unknown state. */
  busy: number;
  paused: number;
  /** Not paused, but the device is unavailable or invalid. */
  unavailable: number;
}

/** The figures a queue card, wallboard tile or alert rule needs, without any caller or member identity. */
export interface QueueFigures {
  waiting: number;
  /** Seconds the oldest waiting caller has waited; 0 when nobody waits. */
  longestWaitSeconds: number;
  answered: number;
  abandoned: number;
  /** Percentage answered within `serviceLevelSeconds`, as Asterisk reports it. */
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  members: QueueMemberCounts;
}

/**
 * Whether Asterisk's service level figure means anything yet. app_queue reports
 * `ServicelevelPerf: 0.0` both for a queue without `servicelevel` (FreePBX's default: 0) and
 * for a queue with no answered call since its stats were reset (it is answered within the
 * interval / answered): neither is a breach, there is simply nothing measured.
 */
export function serviceLevelMeasured(figures: Pick<QueueFigures, 'serviceLevelSeconds' | 'answered'>): boolean {
  return figures.serviceLevelSeconds > 0 && figures.answered > 0;
}

/** The one rule for "service level too low", used by the panel's queue card, the wallboard and its alerts. */
export function serviceLevelBreached(
  figures: Pick<QueueFigures, 'serviceLevelSeconds' | 'answered' | 'serviceLevelPercent'>,
  thresholds: Pick<QueueThresholds, 'minServiceLevel'>,
): boolean {
  return serviceLevelMeasured(figures) && figures.serviceLevelPercent < thresholds.minServiceLevel;
}

export function queueMemberCounts(queue: QueueView): QueueMemberCounts {
  const counts: QueueMemberCounts = { total: queue.members.length, available: 0, busy: 0, paused: 0, unavailable: 0 };
  for (const member of queue.members) {
    if (member.paused) counts.paused += 1;
    else if (member.status === 'not_in_use') counts.available += 1;
    else if (member.status === 'unavailable' || member.status === 'invalid') counts.unavailable += 1;
    else counts.busy += 1;
  }
  return counts;
}

export function queueFigures(queue: QueueView, now: number): QueueFigures {
  const oldest = Math.min(...queue.callers.map((caller) => caller.joinedAt));
  return {
    waiting: queue.waiting,
    longestWaitSeconds: Number.isFinite(oldest) ? Math.max(0, Math.floor((now - oldest) / 1000)) : 0,
    answered: queue.completed,
    abandoned: queue.abandoned,
    serviceLevelPercent: queue.serviceLevelPerf,
    serviceLevelSeconds: queue.serviceLevel,
    members: queueMemberCounts(queue),
  };
}
