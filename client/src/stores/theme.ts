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

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemTheme(): Theme {
  const prefersDark = typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
  return prefersDark ? 'dark' : 'light';
}

/** Dark or light. Until the user picks one, the system preference rules, even when it changes. */
export const useThemeStore = defineStore('theme', () => {
  const stored = readStoredTheme();
  const theme = shallowRef<Theme>(stored ?? systemTheme());
  let chosen = stored !== null;

  if (typeof matchMedia === 'function') {
    matchMedia(DARK_QUERY).addEventListener?.('change', (event) => {
      if (!chosen) theme.value = event.matches ? 'dark' : 'light';
    });
  }

  function setTheme(next: Theme): void {
    chosen = true;
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
