import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';

export interface UseUserActivityOptions {
  /** Events that count as the user being present. */
  events?: readonly string[];
  now?: () => number;
}

export interface UseUserActivityReturn {
  lastActiveAt: ShallowRef<number>;
  /** True when the user did something within the last `withinMs`. */
  isActiveWithin: (withinMs: number) => boolean;
}

const DEFAULT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'visibilitychange'] as const;

/** Tracks when the user last touched the page, so idle sessions are not kept alive forever. */
export function useUserActivity(options: UseUserActivityOptions = {}): UseUserActivityReturn {
  const now = options.now ?? Date.now;
  const events = options.events ?? DEFAULT_EVENTS;
  const lastActiveAt = shallowRef(now());

  const mark = (): void => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    lastActiveAt.value = now();
  };

  if (typeof window !== 'undefined') {
    for (const name of events) window.addEventListener(name, mark, { passive: true, capture: true });
    onScopeDispose(() => {
      for (const name of events) window.removeEventListener(name, mark, { capture: true });
    });
  }

  return {
    lastActiveAt,
    isActiveWithin: (withinMs) => now() - lastActiveAt.value <= withinMs,
  };
}
