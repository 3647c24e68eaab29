import { z } from 'zod';
import { roleSchema } from './auth';

/**
 * Admin-editable runtime settings, stored in the database. Deployment settings
 * (ports, secrets, database and AMI credentials) live in .env instead.
 */
export const settingsSchema = z.object({
  /** Shown in the header and on the login page. */
  siteName: z.string().trim().min(1).max(60),
  /** Access-token lifetime in minutes. */
  accessTokenMinutes: z.number().int().min(1).max(60),
  /** Pause reasons offered for queue members. */
  pauseReasons: z.array(z.string().trim().min(1).max(40)).max(50),
  /** Feature code the softphone dials to go on call. */
  onCallFeatureCode: z.string().regex(/^[*#0-9]{1,10}$/, 'digits, * and # only'),
  /** Roles whose softphone may record their own calls (MixMonitor through the server). */
  recordingRoles: z.array(roleSchema).max(3),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  siteName: 'OnDeck',
  accessTokenMinutes: 10,
  pauseReasons: ['Break', 'Lunch', 'Meeting', 'Training', 'After-call work'],
  onCallFeatureCode: '*55',
  recordingRoles: ['admin', 'supervisor', 'agent'],
};

export const updateSettingsSchema = settingsSchema.partial().refine(
  (value) => Object.keys(value).length > 0,
  'nothing to update',
);
export type UpdateSettingsRequest = z.infer<typeof updateSettingsSchema>;

/** What anyone may read, before signing in (login page): GET /api/settings/public. */
export type PublicSettings = Pick<Settings, 'siteName'>;

/** What every signed-in user needs for the panel: GET /api/settings/panel. */
export type PanelSettings = Pick<Settings, 'siteName' | 'pauseReasons' | 'onCallFeatureCode'>;
