/**
 * The client benchmarks' build: the real production build (client/vite.config.ts) into a
 * private folder, never client/dist, so a benchmark cannot clobber what a running server or
 * another suite serves. `npm run bench` passes ONDECK_BENCH_CLIENT_DIST so the bundle and
 * render benchmarks share one build; run alone, a benchmark builds into a temp folder and
 * removes it afterwards.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const CLIENT_DIR = resolve(import.meta.dirname, '..');

export interface ClientBuild {
  outDir: string;
  /** Seconds the build took; 0 when an existing build was reused. */
  seconds: number;
  /** Removes the folder unless it belongs to the caller (ONDECK_BENCH_CLIENT_DIST). */
  dispose(): void;
}

export async function clientBuild(): Promise<ClientBuild> {
  const shared = process.env.ONDECK_BENCH_CLIENT_DIST;
  const outDir = shared ? resolve(shared) : mkdtempSync(join(tmpdir(), 'ondeck-bench-dist-'));
  const dispose = (): void => {
    if (!shared) rmSync(outDir, { recursive: true, force: true });
  };
  if (existsSync(join(outDir, '.vite', 'manifest.json'))) return { outDir, seconds: 0, dispose };
  const startedAt = performance.now();
  await build({
    root: CLIENT_DIR,
    configFile: resolve(CLIENT_DIR, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  return { outDir, seconds: (performance.now() - startedAt) / 1000, dispose };
}
