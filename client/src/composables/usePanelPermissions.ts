import { computed, type ComputedRef } from 'vue';
import type { CallView, MonitorMode } from '@ondeck/shared';
import { useSessionStore } from '../stores/session';

export interface UsePanelPermissionsReturn {
  canSpy: (mode: MonitorMode, call: CallView) => boolean;
  canHangup: ComputedRef<boolean>;
  canTransfer: (call: CallView) => boolean;
  canDial: ComputedRef<boolean>;
  /** Queue membership changes for `extension` (the queue is already in the user's view). */
  canManageMember: (extension: string | undefined) => boolean;
}

/**
 * Which panel actions to offer. It mirrors the server's rules so the panel shows only what
 * will work; the server still decides every action on its own.
 */
export function usePanelPermissions(): UsePanelPermissionsReturn {
  const session = useSessionStore();
  const user = computed(() => session.user);
  const isStaff = computed(() => user.value?.role === 'admin' || user.value?.role === 'supervisor');

  function canSpy(mode: MonitorMode, call: CallView): boolean {
    const current = user.value;
    if (!current?.extension || !isStaff.value) return false;
    if (current.role !== 'admin' && !current.monitorModes.includes(mode)) return false;
    return call.parties.some((p) => p.channel !== '' && p.extension !== current.extension);
  }

  function canTransfer(call: CallView): boolean {
    const current = user.value;
    if (!current) return false;
    return isStaff.value || (current.extension !== null && call.extensions.includes(current.extension));
  }

  function canManageMember(extension: string | undefined): boolean {
    const current = user.value;
    if (!current || extension === undefined) return false;
    return isStaff.value || current.extension === extension;
  }

  return {
    canSpy,
    canHangup: isStaff,
    canTransfer,
    canDial: computed(() => Boolean(user.value?.extension)),
    canManageMember,
  };
}
