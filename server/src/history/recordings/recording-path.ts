import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The file-system reads the resolver needs, behind a port so the path rules can be tested
 * without a disk and the real adapter can be tested with real symlinks.
 */
export interface RecordingFileSystem {
  /** Canonical path with every symlink resolved, or null when nothing exists there. */
  realpath(target: string): Promise<string | null>;
  /** Null when nothing exists there. */
  stat(target: string): Promise<{ isFile: boolean; size: number } | null>;
}

export type RecordingRejectReason =
  | 'empty'
  | 'nul-byte'
  | 'backslash'
  | 'absolute-path'
  | 'path-separator'
  | 'dot-segment'
  | 'percent-encoded'
  | 'invalid-characters'
  | 'invalid-call-date'
  | 'outside-root';

export type RecordingLookup =
  | { kind: 'found'; path: string; fileName: string; size: number }
  | { kind: 'not-found' }
  | { kind: 'rejected'; reason: RecordingRejectReason };

/**
 * What a FreePBX recording file name is made of: "in-2001-1001-20261207-101010-1701946210.123.wav",
 * "q-400-…", "ondemand-…". A whitelist as the last guard, after the named checks that give
 * a reason for the log.
 */
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+@=,-]*$/;

/** The CDR's `calldate` as FreePBX stores it: local wall-clock "YYYY-MM-DD HH:MM:SS". */
const CDR_CALL_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}:\d{2})?$/;

/**
 * Why a `recordingfile` value (or a file name from a URL) may not be used, or null when it
 * is a bare file name. `recordingfile` is read from the CDR, which anything with database
 * access can write, so it is as untrusted as a query string.
 */
export function rejectRecordingFileName(fileName: string): RecordingRejectReason | null {
  if (fileName.length === 0) return 'empty';
  if (fileName.includes('\0')) return 'nul-byte';
  if (fileName.includes('\\')) return 'backslash';
  if (path.posix.isAbsolute(fileName) || /^[A-Za-z]:/.test(fileName)) return 'absolute-path';
  if (fileName.includes('/')) return 'path-separator';
  if (fileName === '.' || fileName.includes('..')) return 'dot-segment';
  // Names are never percent-encoded on disk, so any '%' is an attempt to smuggle a
  // separator or dot segment past a check that a later decoding step would undo
  // (%2e%2e%2f, or %252e%252e%252f decoded twice).
  if (fileName.includes('%')) return 'percent-encoded';
  if (!SAFE_FILE_NAME.test(fileName)) return 'invalid-characters';
  return null;
}

/**
 * FreePBX stores `wav49` (GSM in a WAV container) with an upper-case `.WAV` extension while
 * the CDR may name it `.wav49`.
 */
export function storedFileName(recordingFile: string): string {
  return recordingFile.endsWith('.wav49') ? `${recordingFile.slice(0, -'.wav49'.length)}.WAV` : recordingFile;
}

/** The `YYYY/MM/DD` folder FreePBX files a call's recording under, from the CDR's call date. */
export function datedFolder(callDate: string): string | null {
  const match = CDR_CALL_DATE.exec(callDate);
  if (!match) return null;
  const [, year, month, day] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1 || dayNumber > 31) return null;
  return `${year}/${month}/${day}`;
}

/** True when `candidate` is strictly below `root` (both canonical). */
export function isInsideRoot(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Finds a call's recording the way FreePBX does: the bare `recordingfile` name under the
 * monitor root's `YYYY/MM/DD/` folder for the call date, else directly in the root (older
 * installs and on-demand recordings). Nothing outside the root's canonical path is returned,
 * even through a symlink. The caller must open the returned `path` (already canonical), not
 * re-join the name, so a symlink swapped in afterwards is not followed to a new target.
 *
 * `callDate` is the CDR's wall-clock string (read with mysql2's `dateStrings`), because the
 * folder is the PBX's local date and a Date would drag a time-zone conversion in.
 */
export async function resolveRecordingPath(
  root: string,
  recordingFile: string,
  callDate: string,
  fileSystem: RecordingFileSystem,
): Promise<RecordingLookup> {
  const rejection = rejectRecordingFileName(recordingFile);
  if (rejection) return { kind: 'rejected', reason: rejection };
  const folder = datedFolder(callDate);
  if (!folder) return { kind: 'rejected', reason: 'invalid-call-date' };

  const canonicalRoot = await fileSystem.realpath(root);
  if (!canonicalRoot) return { kind: 'not-found' };

  const fileName = storedFileName(recordingFile);
  const candidates = [path.join(canonicalRoot, folder, fileName), path.join(canonicalRoot, fileName)];
  let sawOutside = false;
  for (const candidate of candidates) {
    const canonical = await fileSystem.realpath(candidate);
    if (!canonical) continue;
    if (!isInsideRoot(canonicalRoot, canonical)) {
      sawOutside = true;
      continue;
    }
    const info = await fileSystem.stat(canonical);
    if (info?.isFile) return { kind: 'found', path: canonical, fileName, size: info.size };
  }
  return sawOutside ? { kind: 'rejected', reason: 'outside-root' } : { kind: 'not-found' };
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
}

/** The real disk. A dangling symlink or a symlink loop counts as missing. */
export const nodeRecordingFileSystem: RecordingFileSystem = {
  async realpath(target) {
    try {
      return await realpath(target);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
  async stat(target) {
    try {
      const info = await stat(target);
      return { isFile: info.isFile(), size: info.size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
};
