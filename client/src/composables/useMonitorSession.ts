import { computed, type ComputedRef } from 'vue';
import type { CallView, SpyView } from '@ondeck/shared';
import { usePbxStore } from '../stores/pbx';
import { useSessionStore } from '../stores/session';

export interface MonitorSession {
  /** The running ChanSpy session of the user's own phone (mode as last switched). */
  spy: SpyView;
  /** The call being listened to, when it is on this panel. */
  spied: CallView | undefined;
}

/**
 * The signed-in supervisor's one monitoring session, from the live model: their own phone's
 * ChanSpy leg (their extension is always in their scope) or, failing that, the spied call's
 * `spiedBy` entry for them.
 */
export function useMonitorSession(): ComputedRef<MonitorSession | null> {
  const pbx = usePbxStore();
  const session = useSessionStore();
  return computed(() => {
    const own = session.user?.extension;
    if (!own) return null;
    const calls = pbx.calls;
    const spy = calls.find((c) => c.spying?.spy === own)?.spying ?? calls.flatMap((c) => c.spiedBy).find((s) => s.spy === own);
    if (!spy) return null;
    return { spy, spied: calls.find((c) => c.spiedBy.some((s) => s.spyChannel === spy.spyChannel)) };
  });
}
