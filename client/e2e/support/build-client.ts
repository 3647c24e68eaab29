import { resolve } from 'node:path';
import { build } from 'vite';

export const CLIENT_DIR = resolve(import.meta.dirname, '../..');
export const CLIENT_DIST = resolve(CLIENT_DIR, 'dist');

/**
 * Vitest global setup: build the client once so the in-process server serves what ships.
 * ONDECK_E2E_SKIP_BUILD=1 reuses an existing client/dist.
 */
export default async function buildClient(): Promise<void> {
  if (process.env.ONDECK_E2E_SKIP_BUILD === '1') return;
  await build({ root: CLIENT_DIR, configFile: resolve(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn' });
}
