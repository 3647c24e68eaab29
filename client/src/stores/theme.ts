import { defineStore } from 'pinia';
import { shallowRef, watchEffect } from 'vue';

export type Theme = 'dark' | 'light';
export const THEME_STORAGE_KEY = 'ondeck.theme';

function readStoredTheme(): Theme | null {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return stored === 'dark' || stored === 'light' ? stored : null;
  } catch {
    return null; // storage blocked (privacy mode): fall back to the system preference
  }
}

function systemTheme(): Theme {
  const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return prefersDark ? 'dark' : 'light';
}

/** Dark or light. The first visit follows the system; an explicit choice is remembered. */
export const useThemeStore = defineStore('theme', () => {
  const theme = shallowRef<Theme>(readStoredTheme() ?? systemTheme());

  function setTheme(next: Theme): void {
    theme.value = next;
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Not remembered, but still applied for this visit.
    }
  }

  function toggle(): void {
    setTheme(theme.value === 'dark' ? 'light' : 'dark');
  }

  watchEffect(() => {
    if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme.value;
  });

  return { theme, setTheme, toggle };
});
