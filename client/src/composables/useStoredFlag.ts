import { shallowRef, watch, type ShallowRef } from 'vue';

/**
 * A yes/no view preference remembered in this browser (localStorage under `key`), so a choice
 * such as "compact tiles" survives a reload. Falls back to `initial` when storage is blocked
 * or holds something else.
 */
export function useStoredFlag(key: string, initial = false): ShallowRef<boolean> {
  const flag = shallowRef(readFlag(key) ?? initial);
  watch(flag, (value) => {
    try {
      localStorage.setItem(key, value ? 'true' : 'false');
    } catch {
      // Storage blocked (privacy mode): the choice holds for this visit only.
    }
  });
  return flag;
}

function readFlag(key: string): boolean | null {
  try {
    const stored = localStorage.getItem(key);
    return stored === 'true' ? true : stored === 'false' ? false : null;
  } catch {
    return null;
  }
}
