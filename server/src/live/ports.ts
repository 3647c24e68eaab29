import type { ModelChange, MonitorMode, PbxSnapshot, QueueThresholdMap, Role } from '@ondeck/shared';
import type { EffectiveScope } from '../lib/scope';
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

/** Sends one AMI action; resolves on `Response: Success`, rejects otherwise. */
export interface AmiActions {
  action(fields: Record<string, string>): Promise<unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** The signed-in person acting on the panel, with their scope already resolved. */
export interface PanelActor {
  id: number;
  username: string;
  /** Shown as the caller's name where an action calls someone for this person. */
  displayName: string;
  role: Role;
  extension: string | null;
  monitorModes: readonly MonitorMode[];
  scope: EffectiveScope;
  ip?: string;
}
