import { queueFigures, thresholdsFor, type PbxSnapshot, type QueueThresholdMap, type WallSnapshot, type WallboardLink } from '@ondeck/shared';
import { scopeIncludesQueue, type EffectiveScope } from '../lib/scope';

/** What a link may see: its queues only and no extension, so no call or caller can come along. */
export function wallboardScope(link: Pick<WallboardLink, 'queues'>): EffectiveScope {
  if (link.queues === null) return { all: true };
  return { all: false, extensions: new Set(), queues: new Set(link.queues) };
}

/**
 * The wall of one link: the live panel's queue visibility rule, then a projection that is built
 * field by field from the figures, so no caller, member name, channel or call can leave.
 */
export function wallView(link: Pick<WallboardLink, 'label' | 'queues'>, snapshot: PbxSnapshot, thresholds: QueueThresholdMap, now: number): WallSnapshot {
  const scope = wallboardScope(link);
  return {
    label: link.label,
    stale: snapshot.stale,
    generatedAt: now,
    queues: snapshot.queues
      .filter((queue) => scopeIncludesQueue(scope, queue.name))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((queue) => ({ name: queue.name, ...queueFigures(queue, now), thresholds: thresholdsFor(thresholds, queue.name) })),
  };
}
