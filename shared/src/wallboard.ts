import { z } from 'zod';
import { queueIdSchema } from './auth';
import type { QueueFigures, QueueThresholds } from './queue-thresholds';

/**
 * Read-only wallboard links: an admin creates one (label + queues), hands its URL to a TV, and
 * can revoke it. The token is shown once; the server keeps only its SHA-256.
 */
export const createWallboardLinkSchema = z
  .object({
    label: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
    /** null shows every queue, also ones added to the PBX later. */
    queues: z.array(queueIdSchema).min(1, 'choose at least one queue, or all queues').max(200).nullable(),
  })
  .strict();
export type CreateWallboardLinkRequest = z.infer<typeof createWallboardLinkSchema>;

export const wallboardLinkIdSchema = z.object({ id: z.coerce.number().int().positive().max(2 ** 31) });

/** 32 random bytes, base64url without padding. */
export const wallboardTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const WALLBOARD_PATH_PREFIX = '/wall/';

export interface WallboardLink {
  id: number;
  label: string;
  queues: string[] | null;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedWallboardLink {
  link: WallboardLink;
  /** The full token, only in this answer. */
  token: string;
  /** `/wall/<token>`, to put after the site's address. */
  path: string;
}

export interface WallQueueView extends QueueFigures {
  name: string;
  thresholds: QueueThresholds;
}

/** What a wallboard link shows: queue figures only, never callers, members or calls. */
export interface WallSnapshot {
  label: string;
  /** The PBX link is down: the figures may be old. */
  stale: boolean;
  /** Server time of the figures (epoch ms). */
  generatedAt: number;
  queues: WallQueueView[];
}

/** The wall page asks again this often; a revoked link stops within one interval. */
export const WALL_POLL_INTERVAL_MS = 2000;
