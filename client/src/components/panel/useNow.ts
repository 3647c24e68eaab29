import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';

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
