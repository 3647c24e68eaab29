import type {
  ChangeOwnPasswordRequest,
  CreateWallboardLinkRequest,
  CreatedWallboardLink,
  QueueThresholds,
  QueueThresholdsList,
  WallSnapshot,
  WallboardLink,
  CreateUserRequest,
  LoginRequest,
  LoginResponse,
  PbxStatus,
  PhoneConfigResponse,
  PhoneSecretList,
  SetPhoneSecretRequest,
  SetPhoneSecretResponse,
  RecordingState,
  SetRecordingRequest,
  RefreshResponse,
  ResetPasswordRequest,
  SessionUser,
  Settings,
  UpdateSettingsRequest,
  UpdateUserRequest,
  UserRecord,
} from '@ondeck/shared';
import { apiRequest } from './http';

/** One typed function per REST endpoint; nothing else in the client builds URLs. */
export const authApi = {
  login: (body: LoginRequest) => apiRequest<LoginResponse>('POST', '/api/auth/login', { body, auth: false }),
  refresh: () => apiRequest<RefreshResponse>('POST', '/api/auth/refresh', { auth: false }),
  logout: () => apiRequest<unknown>('POST', '/api/auth/logout'),
  me: () => apiRequest<SessionUser>('GET', '/api/auth/me'),
  changePassword: (body: ChangeOwnPasswordRequest) => apiRequest<LoginResponse>('PUT', '/api/auth/password', { body }),
};

export const statusApi = {
  pbx: () => apiRequest<PbxStatus>('GET', '/api/status'),
};

export const usersApi = {
  list: () => apiRequest<UserRecord[]>('GET', '/api/users'),
  create: (body: CreateUserRequest) => apiRequest<UserRecord>('POST', '/api/users', { body }),
  update: (id: number, body: UpdateUserRequest) => apiRequest<UserRecord>('PATCH', `/api/users/${id}`, { body }),
  remove: (id: number) => apiRequest<unknown>('DELETE', `/api/users/${id}`),
  resetPassword: (id: number, body: ResetPasswordRequest) =>
    apiRequest<unknown>('POST', `/api/users/${id}/password`, { body }),
};

export const settingsApi = {
  get: () => apiRequest<Settings>('GET', '/api/settings'),
  update: (body: UpdateSettingsRequest) => apiRequest<Settings>('PUT', '/api/settings', { body }),
};

export const phoneApi = {
  /** The signed-in user's own softphone settings, SIP secret included (never cached). */
  config: () => apiRequest<PhoneConfigResponse>('GET', '/api/phone/config'),
  setRecording: (body: SetRecordingRequest) => apiRequest<RecordingState>('PUT', '/api/phone/recording', { body }),
  /** Admin: which extensions have a SIP secret set in OnDeck (never the secrets). */
  listSecrets: () => apiRequest<PhoneSecretList>('GET', '/api/phone/secrets'),
  setSecret: (extension: string, body: SetPhoneSecretRequest) =>
    apiRequest<SetPhoneSecretResponse>('PUT', `/api/phone/secrets/${encodeURIComponent(extension)}`, { body }),
  clearSecret: (extension: string) => apiRequest<void>('DELETE', `/api/phone/secrets/${encodeURIComponent(extension)}`),
};

export const queueThresholdsApi = {
  list: () => apiRequest<QueueThresholdsList>('GET', '/api/queue-thresholds'),
  set: (queue: string, body: QueueThresholds) =>
    apiRequest<QueueThresholdsList>('PUT', `/api/queue-thresholds/${encodeURIComponent(queue)}`, { body }),
  reset: (queue: string) => apiRequest<QueueThresholdsList>('DELETE', `/api/queue-thresholds/${encodeURIComponent(queue)}`),
};

export const wallboardLinksApi = {
  list: () => apiRequest<WallboardLink[]>('GET', '/api/wallboard-links'),
  create: (body: CreateWallboardLinkRequest) => apiRequest<CreatedWallboardLink>('POST', '/api/wallboard-links', { body }),
  revoke: (id: number) => apiRequest<unknown>('DELETE', `/api/wallboard-links/${id}`),
  /** The read-only wall of a link token; no session is sent or needed. */
  wall: (token: string, signal?: AbortSignal) =>
    apiRequest<WallSnapshot>('GET', `/api/wall/${encodeURIComponent(token)}`, { auth: false, ...(signal ? { signal } : {}) }),
};
