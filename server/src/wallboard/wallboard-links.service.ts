import { createHash, randomBytes } from 'node:crypto';
import {
  WALLBOARD_PATH_PREFIX,
  wallboardTokenSchema,
  type CreateWallboardLinkRequest,
  type CreatedWallboardLink,
  type QueueThresholdMap,
  type WallSnapshot,
  type WallboardLink,
} from '@ondeck/shared';
import type { LoginThrottle } from '../auth';
import type { Clock } from '../lib/clock';
import { AppError, notFound } from '../lib/app-error';
import type { AuditLog, PbxFeed } from '../live';
import type { Logger } from '../logging';
import type { Actor } from '../lib/actor';
import { wallView } from './wall-view';
import type { WallboardLinksRepository } from './wallboard-links.repository';

/** last_used_at is written at most this often per link, not on every poll. */
const TOUCH_EVERY_MS = 60_000;

export function hashWallboardToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface WallboardLinksDeps {
  repository: WallboardLinksRepository;
  pbx: Pick<PbxFeed, 'snapshot'>;
  thresholds: { current(): QueueThresholdMap };
  /** Failed token lookups per client address; a locked address gets no lookups at all. */
  guard: LoginThrottle;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

/**
 * Read-only wallboard links. The token is 256 random bits, handed out once; only its SHA-256 is
 * stored, so a lookup by hash is the comparison (no timing leak of a string compare) and a
 * database leak gives no working links.
 */
export class WallboardLinksService {
  private readonly touchedAt = new Map<number, number>();

  constructor(private readonly deps: WallboardLinksDeps) {}

  list(): Promise<WallboardLink[]> {
    return this.deps.repository.list();
  }

  async create(request: CreateWallboardLinkRequest, actor: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<CreatedWallboardLink> {
    const token = randomBytes(32).toString('base64url');
    const queues = request.queues === null ? null : [...new Set(request.queues)].sort((a, b) => a.localeCompare(b));
    const id = await this.deps.repository.insert({ label: request.label, queues, tokenHash: hashWallboardToken(token), createdBy: actor });
    const link = await this.deps.repository.findById(id);
    if (!link) throw new AppError('internal', 'The wallboard link was not saved. Try again.');
    await this.record(actor, 'wallboard.link_create', link, { label: link.label, queues: link.queues ?? 'all' });
    this.deps.logger.info({ userId: actor.id, username: actor.username, linkId: id, queues: queues ?? 'all' }, 'wallboard link created');
    return { link, token, path: `${WALLBOARD_PATH_PREFIX}${token}` };
  }

  async revoke(id: number, actor: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<void> {
    const link = await this.deps.repository.findById(id);
    if (!link) throw notFound('That wallboard link');
    if (link.revokedAt !== null) return;
    await this.deps.repository.revoke(id, new Date(this.deps.clock.now()));
    await this.record(actor, 'wallboard.link_revoke', link, { label: link.label });
    this.deps.logger.info({ userId: actor.id, username: actor.username, linkId: id }, 'wallboard link revoked');
  }

  /** The queue figures a token may see, or an error that tells the TV what happened. */
  async open(token: string, ip: string): Promise<WallSnapshot> {
    const { guard, logger } = this.deps;
    const lockedFor = guard.lockedFor(ip);
    if (lockedFor > 0) {
      throw new AppError('rate_limited', `Too many wrong wallboard links from this address. Try again in ${lockedFor} seconds.`, { retryAfter: lockedFor });
    }
    const link = wallboardTokenSchema.safeParse(token).success ? await this.deps.repository.findByTokenHash(hashWallboardToken(token)) : null;
    if (!link) {
      guard.recordFailure(ip);
      logger.warn({ ip }, 'wallboard opened with an unknown link');
      throw new AppError('not_found', 'This wallboard link is not valid. Check the address, or ask your administrator for a new link.');
    }
    if (link.revokedAt !== null) {
      logger.info({ ip, linkId: link.id }, 'revoked wallboard link refused');
      throw new AppError('token_revoked', 'This wallboard link was revoked — ask your administrator for a new one.');
    }
    await this.touch(link.id);
    return wallView(link, this.deps.pbx.snapshot(), this.deps.thresholds.current(), this.deps.clock.now());
  }

  private async touch(id: number): Promise<void> {
    const now = this.deps.clock.now();
    if (now - (this.touchedAt.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touchedAt.set(id, now);
    await this.deps.repository.touch(id, new Date(now));
  }

  private record(actor: Pick<Actor, 'id' | 'username' | 'ip'>, action: string, link: WallboardLink, details: Record<string, unknown>): Promise<void> {
    return this.deps.audit.record({ actorId: actor.id, actorName: actor.username, action, target: `wallboard_link:${link.id}`, result: 'success', details, ip: actor.ip });
  }
}
