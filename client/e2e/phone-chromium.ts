import { launchChromium, type LaunchedBrowser } from './support/chromium';

/**
 * What the softphone needs on top of the shared browser flags (support/chromium.ts): a fake
 * microphone with no permission prompt, ICE on loopback without mDNS names, and autoplay so
 * remote audio plays without a click.
 */
export const PHONE_CHROMIUM_FLAGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-insecure-localhost',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
] as const;

export type PhoneBrowser = LaunchedBrowser;

export function launchPhoneChromium(): Promise<PhoneBrowser> {
  return launchChromium(PHONE_CHROMIUM_FLAGS);
}
