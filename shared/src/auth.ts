import { z } from 'zod';

export const ROLES = ['admin', 'supervisor', 'agent'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const MONITOR_MODES = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];
export const monitorModeSchema = z.enum(MONITOR_MODES);

/** Extension or queue number as FreePBX knows it: digits, optionally with a leading `*`. */
export const extensionSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{2,10}$/, 'must be 2 to 10 digits');
export const queueIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be letters, digits, - or _ (at most 40)');

export const usernameSchema = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'may contain letters, digits and . _ @ -');

export const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256, 'must be at most 256 characters');

export const scopeSchema = z.object({
  extensions: z.array(extensionSchema).max(5000).default([]),
  queues: z.array(queueIdSchema).max(500).default([]),
});
export type Scope = z.infer<typeof scopeSchema>;

export const loginRequestSchema = z.object({
  /** Username or extension number. */
  login: z.string().trim().min(1, 'enter your username or extension').max(64),
  password: z.string().min(1, 'enter your password').max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** The signed-in user as the browser sees them. Never carries secrets. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  extension: string | null;
  monitorModes: MonitorMode[];
  scope: Scope;
}

export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: SessionUser;
}

/**
 * Cookie readable by the page, set and cleared with the httpOnly refresh cookie: "there may be a
 * session to resume". Holds no secret; without it the page does not probe /api/auth/refresh.
 */
export const SESSION_HINT_COOKIE = 'ondeck_session';

/** The refresh token travels in an httpOnly cookie; the body is empty. */
export type RefreshResponse = LoginResponse;

export const changeOwnPasswordSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});
export type ChangeOwnPasswordRequest = z.infer<typeof changeOwnPasswordSchema>;

/** Changing your own password ends every other session; this browser gets fresh tokens. */
export type ChangeOwnPasswordResponse = LoginResponse;

/** Payload of the `session:renew` socket event. */
export const sessionRenewSchema = z.object({ accessToken: z.string().min(1).max(4096) });
