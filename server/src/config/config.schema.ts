import type { CodecPreferenceName, DtmfModeName, IceServerConfig } from '@ondeck/shared';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const port = z.coerce.number().int().min(0).max(65535);
const host = z.string().trim().min(1);

/** The environment variables OnDeck reads, as strings, with their defaults. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HTTP_HOST: host.default('0.0.0.0'),
  HTTP_PORT: port.default(8080),
  TRUST_PROXY: booleanFromEnv.default(false),
  JWT_SECRET: z.string().optional(),
  REFRESH_TOKEN_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  DB_HOST: host.default('127.0.0.1'),
  DB_PORT: port.default(3306),
  DB_SOCKET: z.string().trim().default(''),
  DB_USER: z.string().min(1).default('ondeck'),
  DB_PASSWORD: z.string().default(''),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'must be letters, digits or _ (at most 64)')
    .default('ondeck'),
  AMI_ENABLED: booleanFromEnv.default(false),
  AMI_HOST: host.default('127.0.0.1'),
  AMI_PORT: port.default(5038),
  AMI_USERNAME: z.string().default(''),
  AMI_SECRET: z.string().default(''),
  FREEPBX_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'must be letters, digits or _ (at most 64)')
    .default('asterisk'),
  ONCALL_PIN_PEPPER: z.string().optional(),
  WEBRTC_PBX_SERVER: z
    .string()
    .trim()
    .regex(/^(wss?:\/\/[^\s]+)?$/, 'must be a ws:// or wss:// URL, e.g. wss://pbx.example.com:8089/ws')
    .default(''),
  WEBRTC_ICE_SERVERS: z.string().default('[]'),
  WEBRTC_ICE_GATHERING_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(1000),
  WEBRTC_CODEC_PREFERENCE: z.enum(['pcmu-only', 'opus-preferred']).default('pcmu-only'),
  WEBRTC_DTMF_MODE: z.enum(['rfc4733', 'info']).default('rfc4733'),
  FASTAGI_HOST: host.default('127.0.0.1'),
  FASTAGI_PORT: port.default(4573),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  ONDECK_DEMO: booleanFromEnv.default(false),
  CLIENT_DIST: z.string().min(1).optional(),
});
export type EnvInput = z.input<typeof envSchema>;

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface DbConfig {
  host: string;
  port: number;
  /** Unix socket of a local server; when set it is used instead of host and port. */
  socketPath?: string;
  user: string;
  password: string;
  name: string;
}

export interface AppConfig {
  nodeEnv: NodeEnv;
  http: { host: string; port: number; trustProxy: boolean };
  auth: {
    jwtSecret: string;
    /** True when no JWT_SECRET was set and a per-process one was generated. */
    jwtSecretGenerated: boolean;
    refreshTokenDays: number;
  };
  db: DbConfig;
  ami: { enabled: boolean; host: string; port: number; username: string; secret: string };
  fastAgi: { host: string; port: number };
  /** FreePBX's own database (same server and account as `db`), read for extensions and queues. */
  freepbx: { dbName: string };
  /** The embedded softphone; `pbxServer` null switches it off. */
  webrtc: {
    pbxServer: string | null;
    iceServers: IceServerConfig[];
    iceGatheringTimeoutMs: number;
    codecPreference: CodecPreferenceName;
    dtmfMode: DtmfModeName;
  };
  /** Server-side key mixed into on-call PIN hashes; null when not configured (on-call PINs unavailable). */
  oncall: { pinPepper: string | null };
  logLevel: LogLevel;
  /** 'auto': readable lines at a terminal, in the demo and in development; JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  demo: boolean;
  /** Absolute path of the built Vue client (index.html + assets). */
  clientDist: string;
}

export const MIN_JWT_SECRET_LENGTH = 32;
export const MIN_PIN_PEPPER_LENGTH = 16;
