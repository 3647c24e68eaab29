import { z } from 'zod';

export const CODEC_PREFERENCES = ['pcmu-only', 'opus-preferred'] as const;
export type CodecPreferenceName = (typeof CODEC_PREFERENCES)[number];
export const DTMF_MODES = ['rfc4733', 'info'] as const;
export type DtmfModeName = (typeof DTMF_MODES)[number];

export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/**
 * What the signed-in user's own softphone needs to register: sent only to that user, never
 * cached (the SIP secret is in it).
 */
export interface PhoneConfigResponse {
  server: string;
  extension: string;
  displayName: string;
  password: string;
  iceServers: IceServerConfig[];
  iceGatheringTimeoutMs: number;
  codecPreference: CodecPreferenceName;
  dtmfMode: DtmfModeName;
}

/**
 * Admin-set SIP secret for an extension. Accepts what Asterisk accepts (existing PBX secrets
 * are often short); weak ones are set with a warning, not refused (see sipSecretWarning).
 */
export const setPhoneSecretSchema = z.object({
  secret: z
    .string()
    .min(1, 'enter the secret')
    .max(128, 'must be at most 128 characters')
    .regex(/^[\x21-\x7e]+$/, 'printable characters without spaces only'),
});
export type SetPhoneSecretRequest = z.infer<typeof setPhoneSecretSchema>;

export const setRecordingSchema = z.object({ on: z.boolean() });
export type SetRecordingRequest = z.infer<typeof setRecordingSchema>;

export interface RecordingState {
  recording: boolean;
  /** Path below Asterisk's monitor folder while recording. */
  file: string | null;
}

/** Why a SIP secret is easy to guess, in words for the admin; null when it is not. */
export function sipSecretWarning(secret: string, extension: string): string | null {
  if (secret === extension || secret.includes(extension)) return 'This secret contains the extension number: it is the first thing an attacker tries.';
  if (secret.length < 8) return 'This secret is short: SIP scanners guess secrets under 8 characters quickly. Use a longer one when the desk phones allow it.';
  if (/^\d+$/.test(secret) || /^(.)\1+$/.test(secret)) return 'This secret is easy to guess. Mix letters and digits when the desk phones allow it.';
  return null;
}

/** What an admin may know about an extension's OnDeck-set secret: never the secret itself. */
export interface PhoneSecretStatus {
  extension: string;
  /** When the secret was last set in OnDeck. */
  updatedAt: string;
}

export interface PhoneSecretList {
  secrets: PhoneSecretStatus[];
  /** True when FreePBX's own secrets are read first (they win over the ones set here). */
  freepbx: boolean;
}

export interface SetPhoneSecretResponse {
  /** Set, but easy to guess: the reason, shown to the admin. */
  warning: string | null;
}
