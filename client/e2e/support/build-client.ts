import { resolve } from 'node:path';
import { build } from 'vite';

export const CLIENT_DIR = resolve(import.meta.dirname, '../..');
/**
 * ONDECK_E2E_CLIENT_DIST puts the e2e build elsewhere, so two suites run side by side on one
 * checkout do not rebuild the directory the other one is serving.
 */
export const CLIENT_DIST = process.env.ONDECK_E2E_CLIENT_DIST
  ? resolve(process.env.ONDECK_E2E_CLIENT_DIST)
  : resolve(CLIENT_DIR, 'dist');

/**
 * Vitest global setup: build the client once so the in-process server serves what ships.
 * ONDECK_E2E_SKIP_BUILD=1 reuses an existing build.
 */
export default async function buildClient(): Promise<void> {
  if (process.env.ONDECK_E2E_SKIP_BUILD === '1') return;
  await build({
    root: CLIENT_DIR,
    configFile: resolve(CLIENT_DIR, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: CLIENT_DIST, emptyOutDir: true },
  });
}
