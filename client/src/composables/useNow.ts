import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue';

const now = shallowRef(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * One shared one-second tick for every live timer on the page, so a wall of 300 tiles costs
 * one interval, not 300. Stops when the last user is gone.
 */
export function useNow(): Readonly<ShallowRef<number>> {
  users += 1;
  if (timer === undefined) {
    now.value = Date.now();
    timer = setInterval(() => {
      now.value = Date.now();
    }, 1000);
  }
  onScopeDispose(() => {
    users -= 1;
    if (users === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}

let observer: IntersectionObserver | undefined;
const visibility = new WeakMap<Element, ShallowRef<boolean>>();

function sharedObserver(): IntersectionObserver | undefined {
  if (typeof IntersectionObserver === 'undefined') return undefined;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const visible = visibility.get(entry.target);
        if (visible) visible.value = entry.isIntersecting;
      }
    },
    // A little margin, so a tile scrolling into view already shows the right time.
    { rootMargin: '200px 0px' },
  );
  return observer;
}

/**
 * Whether `target` is on (or near) the screen, from one IntersectionObserver shared by every
 * caller. A wall of 2,000 tiles uses it to tick only the timers someone can see. Without
 * IntersectionObserver (tests) everything counts as visible.
 */
export function useOnScreen(target: Readonly<ShallowRef<Element | null>>): Readonly<ShallowRef<boolean>> {
  const visible = shallowRef(true);
  const io = sharedObserver();
  if (!io) return visible;
  let observed: Element | null = null;
  const stop = watch(
    target,
    (element) => {
      if (observed) {
        io.unobserve(observed);
        visibility.delete(observed);
      }
      observed = element;
      if (element) {
        visibility.set(element, visible);
        io.observe(element);
      }
    },
    { immediate: true, flush: 'post' },
  );
  onScopeDispose(() => {
    stop();
    if (observed) {
      io.unobserve(observed);
      visibility.delete(observed);
    }
  });
  return visible;
}
