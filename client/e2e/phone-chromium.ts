import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Chromium flags from the softphone notes: Debian's browser (never a downloaded one), no
 * network of its own, fake microphone, ICE on loopback, autoplay for remote audio.
 */
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-insecure-localhost',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export interface PhoneBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Chromium with HOME and XDG folders in a throwaway directory (it writes outside its profile). */
export async function launchPhoneChromium(): Promise<PhoneBrowser> {
  const home = mkdtempSync(join(tmpdir(), 'ondeck-phone-chromium-'));
  const xdg = (name: string): string => join(home, name);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: ['--headless'],
    args: FLAGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: xdg('config'), XDG_CACHE_HOME: xdg('cache'), XDG_RUNTIME_DIR: xdg('run') },
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
