import { EventEmitter } from 'node:events';
import type { PbxStatus } from '@ondeck/shared';

/**
 * Where the AMI link state comes from. The PBX module provides the real one; until AMI is
 * enabled the status is 'disabled'. `change` fires with the new status on every transition.
 */
export interface PbxStatusSource {
  current(): PbxStatus;
  on(event: 'change', listener: (status: PbxStatus) => void): unknown;
  off(event: 'change', listener: (status: PbxStatus) => void): unknown;
}

const DISABLED: PbxStatus = { state: 'disabled', since: null, lastError: null, banner: null };

export class DisabledPbxStatusSource extends EventEmitter<{ change: [PbxStatus] }> implements PbxStatusSource {
  current(): PbxStatus {
    return DISABLED;
  }
}

/** Non-admins learn only whether the link is up; errors and versions are for admins. */
export function statusForRole(status: PbxStatus, isAdmin: boolean): PbxStatus {
  return isAdmin ? status : { state: status.state, since: null, lastError: null, banner: null };
}
