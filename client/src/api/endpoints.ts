import type {
  ChangeOwnPasswordRequest,
  CreateUserRequest,
  CreateWallboardLinkRequest,
  LoginRequest,
  QueueThresholds,
  ResetPasswordRequest,
  SetPhoneSecretRequest,
  SetRecordingRequest,
  UpdateSettingsRequest,
  UpdateUserRequest,
} from '@ondeck/shared';
import { callApi } from './contract';

/**
 * Named calls of the shared REST contract (shared/src/api-contract.ts) for the stores and views;
 * URLs and answer types come from the contract, so nothing here writes a path or casts.
 */
export const authApi = {
  login: (body: LoginRequest) => callApi('auth.login', { body, auth: false }),
  refresh: () => callApi('auth.refresh', { auth: false }),
  logout: () => callApi('auth.logout'),
  me: () => callApi('auth.me'),
  changePassword: (body: ChangeOwnPasswordRequest) => callApi('auth.changePassword', { body }),
};

export const statusApi = {
  pbx: () => callApi('status.get'),
};

export const usersApi = {
  list: () => callApi('users.list'),
  create: (body: CreateUserRequest) => callApi('users.create', { body }),
  update: (id: number, body: UpdateUserRequest) => callApi('users.update', { params: { id }, body }),
  remove: (id: number) => callApi('users.remove', { params: { id } }),
  resetPassword: (id: number, body: ResetPasswordRequest) => callApi('users.resetPassword', { params: { id }, body }),
};

export const settingsApi = {
  get: () => callApi('settings.get'),
  update: (body: UpdateSettingsRequest) => callApi('settings.update', { body }),
};

export const phoneApi = {
  /** The signed-in user's own softphone settings, SIP secret included (never cached). */
  config: () => callApi('phone.config'),
  setRecording: (body: SetRecordingRequest) => callApi('phone.setRecording', { body }),
  /** Admin: which extensions have a SIP secret set in OnDeck (never the secrets). */
  listSecrets: () => callApi('phone.listSecrets'),
  setSecret: (extension: string, body: SetPhoneSecretRequest) => callApi('phone.setSecret', { params: { extension }, body }),
  clearSecret: (extension: string) => callApi('phone.clearSecret', { params: { extension } }),
};

export const queueThresholdsApi = {
  list: () => callApi('queueThresholds.list'),
  set: (queue: string, body: QueueThresholds) => callApi('queueThresholds.set', { params: { queue }, body }),
  reset: (queue: string) => callApi('queueThresholds.reset', { params: { queue } }),
};

export const wallboardLinksApi = {
  list: () => callApi('wallboardLinks.list'),
  create: (body: CreateWallboardLinkRequest) => callApi('wallboardLinks.create', { body }),
  revoke: (id: number) => callApi('wallboardLinks.revoke', { params: { id } }),
  /** The read-only wall of a link token; no session is sent or needed. */
  wall: (token: string, signal?: AbortSignal) => callApi('wall.get', { params: { token }, auth: false, ...(signal ? { signal } : {}) }),
};
