import { EventEmitter } from 'node:events';
import { DEFAULT_QUEUE_THRESHOLDS, type QueueThresholdMap, type QueueThresholds, type QueueThresholdsList } from '@ondeck/shared';
import type { Actor } from '../lib/actor';
import type { AuditLog } from '../live';
import type { Logger } from '../logging';
import type { QueueThresholdsRepository, StoredQueueThresholds } from './queue-thresholds.repository';

/**
 * Per-queue alert thresholds, cached in memory (one process) and written through to the
 * database. `changed` fires after every write so open panels get the new values at once.
 */
export class QueueThresholdsService extends EventEmitter<{ changed: [] }> {
  private stored = new Map<string, StoredQueueThresholds>();

  constructor(
    private readonly deps: {
      repository: QueueThresholdsRepository;
      audit: AuditLog;
      logger: Logger;
      /** Names of the queues the PBX reports now. */
      pbxQueues: () => readonly string[];
    },
  ) {
    super();
  }

  async load(): Promise<void> {
    this.stored = new Map((await this.deps.repository.readAll()).map((row) => [row.queue, row]));
  }

  subscribe(listener: () => void): () => void {
    this.on('changed', listener);
    return () => this.off('changed', listener);
  }

  /** Only the customised queues; everything else uses the defaults. */
  current(): QueueThresholdMap {
    const map: QueueThresholdMap = {};
    for (const [queue, row] of this.stored) map[queue] = row.thresholds;
    return map;
  }

  list(): QueueThresholdsList {
    const onPbx = new Set(this.deps.pbxQueues());
    const names = [...new Set([...onPbx, ...this.stored.keys()])].sort((a, b) => a.localeCompare(b));
    return {
      defaults: { ...DEFAULT_QUEUE_THRESHOLDS },
      queues: names.map((queue) => {
        const row = this.stored.get(queue);
        return {
          queue,
          thresholds: row?.thresholds ?? { ...DEFAULT_QUEUE_THRESHOLDS },
          custom: row !== undefined,
          onPbx: onPbx.has(queue),
          updatedAt: row ? row.updatedAt.toISOString() : null,
          updatedBy: row?.updatedBy ?? null,
        };
      }),
    };
  }

  async set(queue: string, thresholds: QueueThresholds, actor: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<QueueThresholdsList> {
    await this.deps.repository.upsert(queue, thresholds, actor);
    await this.load();
    await this.record(actor, 'queue_thresholds.update', queue, { ...thresholds });
    this.deps.logger.info({ userId: actor.id, username: actor.username, queue, thresholds }, 'queue thresholds set');
    this.emit('changed');
    return this.list();
  }

  /** Back to the defaults; answers the list either way (resetting a default queue changes nothing). */
  async reset(queue: string, actor: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<QueueThresholdsList> {
    const removed = await this.deps.repository.remove(queue);
    if (!removed) return this.list();
    await this.load();
    await this.record(actor, 'queue_thresholds.reset', queue, null);
    this.deps.logger.info({ userId: actor.id, username: actor.username, queue }, 'queue thresholds reset to defaults');
    this.emit('changed');
    return this.list();
  }

  private record(actor: Pick<Actor, 'id' | 'username' | 'ip'>, action: string, queue: string, details: Record<string, unknown> | null): Promise<void> {
    return this.deps.audit.record({ actorId: actor.id, actorName: actor.username, action, target: `queue:${queue}`, result: 'success', details, ip: actor.ip });
  }
}
