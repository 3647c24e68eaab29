import { extensionSchema, queueIdSchema } from '@ondeck/shared';
import type { z } from 'zod';

/** Matches the caps in the shared scopeSchema. */
export const MAX_SCOPE_EXTENSIONS = 5000;
export const MAX_SCOPE_QUEUES = 500;

export type ParseListResult = { ok: true; values: string[] } | { ok: false; error: string };

const RANGE = /^(\d+)\s*-\s*(\d+)$/;

function expandRange(token: string, from: string, to: string, limit: number): ParseListResult {
  if (from.length !== to.length) return { ok: false, error: `"${token}": both ends need the same number of digits` };
  const start = Number(from);
  const end = Number(to);
  if (start > end) return { ok: false, error: `"${token}": the range runs backwards` };
  if (end - start + 1 > limit) return { ok: false, error: `"${token}": a range may cover at most ${limit} numbers` };
  const values: string[] = [];
  for (let n = start; n <= end; n += 1) values.push(String(n).padStart(from.length, '0'));
  return { ok: true, values };
}

/**
 * Parses what an admin types for a scope: items separated by commas or spaces, numeric
 * ranges like "1001-1010". Each item is checked with the shared schema; duplicates are
 * dropped and the order kept. "" means an empty list.
 */
export function parseScopeList(input: string, itemSchema: z.ZodType<string>, limit: number): ParseListResult {
  const tokens = input
    .replace(/\s*-\s*/g, '-')
    .split(/[\s,;]+/)
    .filter((token) => token !== '');
  const seen = new Set<string>();
  for (const token of tokens) {
    const range = RANGE.exec(token);
    const expanded: ParseListResult = range
      ? expandRange(token, range[1] ?? '', range[2] ?? '', limit)
      : { ok: true, values: [token] };
    if (!expanded.ok) return expanded;
    for (const value of expanded.values) {
      const checked = itemSchema.safeParse(value);
      if (!checked.success) return { ok: false, error: `"${value}" ${checked.error.issues[0]?.message ?? 'is not valid'}` };
      seen.add(checked.data);
    }
    if (seen.size > limit) return { ok: false, error: `at most ${limit} entries` };
  }
  return { ok: true, values: [...seen] };
}

export const parseExtensionList = (input: string): ParseListResult =>
  parseScopeList(input, extensionSchema, MAX_SCOPE_EXTENSIONS);

export const parseQueueList = (input: string): ParseListResult => parseScopeList(input, queueIdSchema, MAX_SCOPE_QUEUES);

/** The reverse: ["1001","1002","1003","2001"] → "1001-1003, 2001", for editing and for the table. */
export function formatScopeList(values: readonly string[]): string {
  const parts: string[] = [];
  let runStart: string | null = null;
  let runEnd: string | null = null;
  const flush = (): void => {
    if (runStart === null || runEnd === null) return;
    parts.push(runStart === runEnd ? runStart : `${runStart}-${runEnd}`);
  };
  for (const value of values) {
    const continues =
      runEnd !== null && /^\d+$/.test(value) && /^\d+$/.test(runEnd) &&
      value.length === runEnd.length && Number(value) === Number(runEnd) + 1;
    if (continues) {
      runEnd = value;
    } else {
      flush();
      runStart = runEnd = value;
    }
  }
  flush();
  return parts.join(', ');
}
