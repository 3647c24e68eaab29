import { computed, type ComputedRef } from 'vue';
import {
  MONITOR_MODES,
  mayDial,
  mayHangup,
  mayManageMember,
  mayMonitor,
  mayTransfer,
  monitorModesOf,
  type CallView,
  type MonitorMode,
} from '@ondeck/shared';
import { useSessionStore } from '../stores/session';

export interface UsePanelPermissionsReturn {
  canSpy: (mode: MonitorMode, call: CallView) => boolean;
  /** The monitor modes this user may start or switch to. */
  monitorModes: ComputedRef<MonitorMode[]>;
  canHangup: ComputedRef<boolean>;
  canTransfer: (call: CallView) => boolean;
  canDial: ComputedRef<boolean>;
  /** Queue membership changes for `extension` (the queue is already in the user's view). */
  canManageMember: (extension: string | undefined) => boolean;
}

/**
 * Which panel actions to offer: the rules in shared/panel-permissions.ts, the same functions
 * the server enforces with, applied to the signed-in user. The server still decides every
 * action on its own (scope, the PBX's state).
 */
export function usePanelPermissions(): UsePanelPermissionsReturn {
  const session = useSessionStore();
  const user = computed(() => session.user);

  function canSpy(mode: MonitorMode, call: CallView): boolean {
    const current = user.value;
    if (!current || !mayMonitor(current, mode)) return false;
    return call.parties.some((p) => p.channel !== '' && p.extension !== current.extension);
  }

  function canManageMember(extension: string | undefined): boolean {
    const current = user.value;
    if (!current || extension === undefined) return false;
    return mayManageMember(current, extension, (number) => current.scope.extensions.includes(number));
  }

  return {
    canSpy,
    monitorModes: computed(() => (user.value ? monitorModesOf(user.value, MONITOR_MODES) : [])),
    canHangup: computed(() => (user.value ? mayHangup(user.value) : false)),
    canTransfer: (call) => (user.value ? mayTransfer(user.value, call.extensions) : false),
    canDial: computed(() => (user.value ? mayDial(user.value) : false)),
    canManageMember,
  };
}
