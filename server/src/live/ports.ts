import type { ModelChange, PbxSnapshot, QueueThresholdMap } from '@ondeck/shared';
import type { AuditEntry } from '../db';

/**
 * What the live panel needs from the rest of the server. Each port is the smallest shape
 * that works, so tests drive the gateway with fakes and the composition root adapts the
 * real PBX service and AMI client to it.
 */

/** The PBX model: the current state and a stream of changes. */
export interface PbxFeed {
  snapshot(): PbxSnapshot;
  /** Calls `listener` for every change; returns the unsubscribe function. */
  subscribe(listener: (change: ModelChange) => void): () => void;
}

/** Admin-set queue alert thresholds (only customised queues) and a signal when they change. */
export interface QueueThresholdsSource {
  current(): QueueThresholdMap;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
