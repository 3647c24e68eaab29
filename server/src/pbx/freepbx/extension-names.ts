/**
 * Extension names for the PBX model, served from memory. The model asks synchronously on
 * every view it builds, so the lookup never touches the database: names load in the
 * background at start and every few minutes, and a failed load keeps the last good names.
 */
import { runDetached, type DetachedLogger } from '../../lib/detached';
import type { ExtensionNameSource } from './freepbx-users.repository';

/** A failed load is a warning; `error` is for a background load that broke anyway (a bug). */
export interface ExtensionNamesLogger extends DetachedLogger {
  warn(details: object, message: string): void;
}

export interface ExtensionNamesOptions {
  /** Reload period; FreePBX names change rarely (an admin edits an extension). */
  refreshMs?: number;
  logger?: ExtensionNamesLogger;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export const DEFAULT_NAMES_REFRESH_MS = 5 * 60_000;

export class ExtensionNames {
  private names = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private timer: unknown;
  private loading: Promise<boolean> | undefined;
  /** The failure last logged; the same failure on every refresh is said once, not every 5 minutes. */
  private reportedFailure: string | undefined;
  private readonly refreshMs: number;
  private readonly logger: ExtensionNamesLogger | undefined;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly source: ExtensionNameSource,
    options: ExtensionNamesOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? DEFAULT_NAMES_REFRESH_MS;
    this.logger = options.logger;
    this.setTimer = options.setInterval ?? ((fn, ms) => setInterval(fn, ms).unref());
    this.clearTimer = options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout));
  }

  /** The model's `nameSource`: synchronous, from the cache, undefined when not known (yet). */
  readonly nameOf = (extension: string): string | undefined => this.names.get(extension);

  get size(): number {
    return this.names.size;
  }

  /** Called after a load changed any name (so the model can rebuild its views). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts loading now and every refreshMs; returns at once. */
  start(): void {
    if (this.timer !== undefined) return;
    this.refreshInBackground();
    this.timer = this.setTimer(() => this.refreshInBackground(), this.refreshMs);
  }

  stop(): void {
    if (this.timer === undefined) return;
    this.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Loads once (joining a load in progress). Never rejects; resolves true when names changed. */
  refresh(): Promise<boolean> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private refreshInBackground(): void {
    const logger = this.logger;
    if (logger) runDetached(logger, 'loading the FreePBX extension names', () => this.refresh());
    // Without a logger (tests) there is nowhere to say it; refresh() never rejects anyway.
    else this.refresh().catch(() => undefined);
  }

  private async load(): Promise<boolean> {
    let fresh: Map<string, string>;
    try {
      fresh = await this.source.listNames();
    } catch (error) {
      const reason = failureReason(error);
      if (reason !== this.reportedFailure) {
        this.reportedFailure = reason;
        // Plain words, no stack: on a box without FreePBX's database this is expected, not a bug.
        this.logger?.warn(
          { reason, known: this.names.size },
          `FreePBX extension names unavailable (${reason}); ${this.names.size > 0 ? 'keeping the last ones' : 'showing the names phones send'}. Said once until it changes.`,
        );
      }
      return false;
    }
    this.reportedFailure = undefined;
    if (sameNames(this.names, fresh)) return false;
    this.names = fresh;
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.logger?.warn({ err: error }, 'extension names listener threw');
      }
    }
    return true;
  }
}

/** What went wrong, in words an admin can act on (mysql2 error codes where there is one). */
export function failureReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ER_BAD_DB_ERROR':
      return 'the FreePBX database does not exist (FREEPBX_DB_NAME)';
    case 'ER_NO_SUCH_TABLE':
      return 'the FreePBX users table does not exist';
    case 'ER_TABLEACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_ERROR':
      return 'OnDeck\'s database account may not read the FreePBX users table';
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
      return 'the database server cannot be reached';
    default:
      return error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
  }
}

function sameNames(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}
