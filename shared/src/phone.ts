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

/** Admin-set SIP secret for an extension, for PBXes without FreePBX's `sip` table. */
export const setPhoneSecretSchema = z.object({
  secret: z
    .string()
    .min(8, 'must be at least 8 characters')
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
