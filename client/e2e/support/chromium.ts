import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, never a downloaded one. Flags follow the notes that work on this kind of
 * machine: new headless mode, no sandbox or GPU, nothing talking to the network on its own, and
 * HOME/XDG folders in a throwaway directory because Chromium writes outside its profile.
 * Playwright's launch() already gives each browser a fresh temporary user-data-dir.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<LaunchedBrowser> {
  const home = mkdtempSync(join(tmpdir(), 'ondeck-e2e-'));
  const browser = await chromium.launch({
    executablePath: process.env.ONDECK_CHROMIUM ?? '/usr/bin/chromium',
    ignoreDefaultArgs: ['--headless'],
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      ...extraArgs,
    ],
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      XDG_RUNTIME_DIR: join(home, 'run'),
    },
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
