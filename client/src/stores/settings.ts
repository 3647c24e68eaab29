import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { DEFAULT_SETTINGS, type Settings, type UpdateSettingsRequest } from '@ondeck/shared';
import { settingsApi } from '../api/endpoints';

const SITE_NAME_KEY = 'ondeck.siteName';

function readCachedSiteName(): string | null {
  try {
    return localStorage.getItem(SITE_NAME_KEY);
  } catch {
    return null;
  }
}

function cacheSiteName(name: string): void {
  try {
    localStorage.setItem(SITE_NAME_KEY, name);
  } catch {
    // Only a nicety for the next login page.
  }
}

/**
 * Admin-editable runtime settings. Only admins may read them, so the site name for everyone
 * else (and the login page) is the last one this browser saw, or the default.
 */
export const useSettingsStore = defineStore('settings', () => {
  const settings = shallowRef<Settings | null>(null);
  const loading = shallowRef(false);
  const cachedSiteName = shallowRef(readCachedSiteName());
  const siteName = computed(() => settings.value?.siteName ?? cachedSiteName.value ?? DEFAULT_SETTINGS.siteName);

  function remember(next: Settings): Settings {
    settings.value = next;
    cachedSiteName.value = next.siteName;
    cacheSiteName(next.siteName);
    return next;
  }

  async function load(): Promise<Settings> {
    loading.value = true;
    try {
      return remember(await settingsApi.get());
    } finally {
      loading.value = false;
    }
  }

  async function save(patch: UpdateSettingsRequest): Promise<Settings> {
    return remember(await settingsApi.update(patch));
  }

  return { settings, loading, siteName, load, save };
});
