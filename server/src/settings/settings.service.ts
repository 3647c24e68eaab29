import { EventEmitter } from 'node:events';
import { DEFAULT_SETTINGS, settingsSchema, type Settings, type UpdateSettingsRequest } from '@ondeck/shared';
import type { AuditRepository } from '../db';
import type { Actor } from '../lib/actor';
import type { Logger } from '../logging';
import type { SettingsRepository } from './settings.repository';

/**
 * Admin-editable settings, cached in memory (one process) and written through to the database.
 * A stored value that no longer passes the schema falls back to its default with a warning.
 */
export class SettingsService extends EventEmitter<{ changed: [Settings] }> {
  private cached: Settings = DEFAULT_SETTINGS;

  constructor(
    private readonly repository: SettingsRepository,
    private readonly audit: AuditRepository,
    private readonly logger: Logger,
  ) {
    super();
  }

  async load(): Promise<Settings> {
    const stored = await this.repository.readAll();
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      if (!stored.has(key)) continue;
      const candidate = { ...DEFAULT_SETTINGS, [key]: stored.get(key) };
      if (settingsSchema.safeParse(candidate).success) merged[key] = stored.get(key);
      else this.logger.warn({ setting: key }, 'stored setting is not valid; using the default');
    }
    this.cached = settingsSchema.parse(merged);
    return this.cached;
  }

  current(): Settings {
    return this.cached;
  }

  async update(changes: UpdateSettingsRequest, actor: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<Settings> {
    const next = settingsSchema.parse({ ...this.cached, ...changes });
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    await this.repository.write(entries, actor.id);
    this.cached = next;
    await this.audit.record({
      actorId: actor.id,
      actorName: actor.username,
      action: 'settings.update',
      target: 'settings',
      result: 'success',
      details: { changed: entries.map(([key]) => key) },
      ip: actor.ip,
    });
    this.logger.info({ userId: actor.id, changed: entries.map(([key]) => key) }, 'settings updated');
    this.emit('changed', next);
    return next;
  }
}
