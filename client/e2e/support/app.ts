import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoAccount, type DemoAccount, type DemoUsername } from '../../../server/test/harness';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../var/screenshots');

export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;
export type ColorScheme = 'dark' | 'light';

export interface OpenPageOptions {
  viewport?: ViewportName;
  /** The system preference the page sees; the app follows it on a first visit. */
  colorScheme?: ColorScheme;
}

/** A fresh context per user: its own cookies, storage and refresh token. */
export async function openPage(browser: Browser, options: OpenPageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[options.viewport ?? 'desktop'],
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.stack ?? error.message));
  return { context, page };
}

export async function submitLogin(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username or extension').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
  // Enter, not a click: the form must submit from the keyboard.
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await answered;
}

/** Logs in and waits until the shell shows the live connection. */
export async function loginAs(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await submitLogin(page, baseUrl, login, password);
  await page.getByTestId('user-menu').waitFor();
}

/**
 * The name a demo account signs in with: its username, or its extension (agents type theirs
 * as often as a username). Passwords come from the server's demo seed, never a literal here.
 */
export function demoLogin(username: DemoUsername, options: { byExtension?: boolean } = {}): { login: string; password: string; account: DemoAccount } {
  const account = demoAccount(username);
  const login = options.byExtension ? account.extension : account.username;
  if (login === null) throw new Error(`demo account ${username} has no extension`);
  return { login, password: account.password, account };
}

/** Logs in as one of the demo accounts of a `demo: true` server. */
export async function loginAsDemo(page: Page, baseUrl: string, username: DemoUsername, options: { byExtension?: boolean } = {}): Promise<void> {
  const { login, password } = demoLogin(username, options);
  await loginAs(page, baseUrl, login, password);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
