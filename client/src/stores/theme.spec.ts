import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { THEME_STORAGE_KEY, useThemeStore } from './theme';

type SchemeListener = (event: { matches: boolean }) => void;
let schemeListeners: SchemeListener[] = [];

function prefersDark(dark: boolean): void {
  schemeListeners = [];
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: query === '(prefers-color-scheme: dark)' ? dark : false,
    media: query,
    addEventListener: (_type: string, listener: SchemeListener) => schemeListeners.push(listener),
    removeEventListener: () => undefined,
  }));
}

function systemSwitchesTo(dark: boolean): void {
  for (const listener of schemeListeners) listener({ matches: dark });
}

beforeEach(() => {
  localStorage.clear();
  delete document.documentElement.dataset.theme;
  setActivePinia(createPinia());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('theme store', () => {
  it('follows the system preference on the first visit', async () => {
    prefersDark(true);
    const store = useThemeStore();
    await nextTick();
    expect(store.theme).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });

  it('uses light when the system prefers light', () => {
    prefersDark(false);
    expect(useThemeStore().theme).toBe('light');
  });

  it('remembers an explicit choice across visits, over the system preference', async () => {
    prefersDark(true);
    useThemeStore().toggle();
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');

    setActivePinia(createPinia());
    const nextVisit = useThemeStore();
    await nextTick();
    expect(nextVisit.theme).toBe('light');
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('follows a system switch until the user has chosen', () => {
    prefersDark(false);
    const store = useThemeStore();
    systemSwitchesTo(true);
    expect(store.theme).toBe('dark');
    store.setTheme('light');
    systemSwitchesTo(true);
    expect(store.theme).toBe('light');
  });

  it('ignores a corrupted stored value', () => {
    prefersDark(false);
    localStorage.setItem(THEME_STORAGE_KEY, 'purple');
    expect(useThemeStore().theme).toBe('light');
  });

  it('still switches when storage is blocked', () => {
    prefersDark(false);
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    const store = useThemeStore();
    store.setTheme('dark');
    expect(store.theme).toBe('dark');
  });
});
