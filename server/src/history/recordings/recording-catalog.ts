import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CallRecordingRef } from '@ondeck/shared';
import { contentTypeFor } from './content-type';
import { datedFolder, nodeRecordingFileSystem, rejectRecordingFileName, resolveRecordingPath, type RecordingFileSystem } from './recording-path';

/** A call's recording with where it is on disk (only when it is there and inside the root). */
export interface CatalogedRecording {
  ref: CallRecordingRef;
  /** Canonical path under the root, when available. */
  path: string | null;
  size: number;
  contentType: string;
}

/** What the catalog needs of a call's CDR legs. */
export interface RecordingSourceLeg {
  recordingfile: string;
  calldateText: string;
}

/** Folder listings, kept for one request: a page of calls from the same day lists its folder once. */
export type FolderCache = Map<string, Promise<string[]>>;

/**
 * A call's recordings by FreePBX's rules (`recordingfile` of each leg, under the monitor root's
 * YYYY/MM/DD folder or the root itself) and OnDeck's own softphone recordings, which the phone
 * domain files in the same folder as `ondemand-<ext>-<other>-<date>-<time>-<linkedid>.wav`.
 */
export class RecordingCatalog {
  constructor(
    private readonly root: string,
    private readonly fileSystem: RecordingFileSystem = nodeRecordingFileSystem,
    private readonly listFolder: (folder: string) => Promise<string[]> = listFiles,
  ) {}

  async recordingsOf(linkedid: string, legs: readonly RecordingSourceLeg[], folders: FolderCache = new Map()): Promise<CatalogedRecording[]> {
    const out: CatalogedRecording[] = [];
    const seen = new Set<string>();
    for (const leg of legs) {
      const name = leg.recordingfile.trim();
      if (name === '' || seen.has(name)) continue;
      seen.add(name);
      out.push(await this.fromCdr(name, leg.calldateText, out.length));
    }
    const first = legs[0];
    const folder = first ? datedFolder(first.calldateText) : null;
    if (folder) {
      const suffix = `-${linkedid}.wav`;
      let listing = folders.get(folder);
      if (!listing) {
        listing = this.listFolder(path.join(this.root, folder));
        folders.set(folder, listing);
      }
      for (const name of await listing) {
        if (!name.startsWith('ondemand-') || !name.endsWith(suffix) || seen.has(name) || rejectRecordingFileName(name)) continue;
        seen.add(name);
        const found = await this.fromCdr(name, first?.calldateText ?? '', out.length);
        out.push({ ...found, ref: { ...found.ref, source: 'ondeck' } });
      }
    }
    return out;
  }

  private async fromCdr(recordingFile: string, calldateText: string, index: number): Promise<CatalogedRecording> {
    const lookup = await resolveRecordingPath(this.root, recordingFile, calldateText, this.fileSystem);
    const media = contentTypeFor(lookup.kind === 'found' ? lookup.fileName : recordingFile);
    const name = path.posix.basename(recordingFile.replaceAll('\\', '/')) || 'recording';
    const available = lookup.kind === 'found' && media.kind === 'known';
    return {
      ref: { index, name, source: 'pbx', available, playable: available && media.kind === 'known' && media.playableInBrowser },
      path: available ? lookup.path : null,
      size: lookup.kind === 'found' ? lookup.size : 0,
      contentType: media.kind === 'known' ? media.contentType : 'application/octet-stream',
    };
  }
}

async function listFiles(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch {
    // A day without recordings has no folder: nothing to list.
    return [];
  }
}
