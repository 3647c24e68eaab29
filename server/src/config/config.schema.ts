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
  /** PEM certificate (chain) and key: OnDeck then serves HTTPS itself, as browsers give the microphone only to secure pages. */
  TLS_CERT_FILE: z.string().trim().default(''),
  TLS_KEY_FILE: z.string().trim().default(''),
  /** false/0: no proxy; true: one proxy; N: that many proxies in a row, each adding one X-Forwarded-For entry. */
  TRUST_PROXY: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(true|false|yes|no|on|off|[0-9]|10|)$/, 'must be false, true (one proxy) or the number of proxies in front of OnDeck (0-10)')
    .transform((value) => (['true', 'yes', 'on'].includes(value) ? 1 : /^\d+$/.test(value) ? Number(value) : 0))
    .default(0),
  OUTBOUND_ALLOW_PRIVATE: booleanFromEnv.default(false),
  OUTBOUND_ALLOW_LOOPBACK: booleanFromEnv.default(false),
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
  /** FreePBX's CDR database and table (read-only); the user/password default to DB_USER/DB_PASSWORD. */
  CDR_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'must be letters, digits or _ (at most 64)')
    .default('asteriskcdrdb'),
  CDR_DB_TABLE: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'must be letters, digits or _ (at most 64)')
    .default('cdr'),
  CDR_DB_USER: z.string().default(''),
  CDR_DB_PASSWORD: z.string().default(''),
  /** FreePBX's monitor directory: call recordings in YYYY/MM/DD/ folders. */
  RECORDINGS_DIR: z.string().trim().min(1).default('/var/spool/asterisk/monitor'),
  /** Trunk endpoint names, comma separated, when FreePBX's trunks table cannot tell (plain Asterisk). */
  HISTORY_TRUNKS: z
    .string()
    .trim()
    .regex(/^([A-Za-z0-9_.-]{1,80}(,[A-Za-z0-9_.-]{1,80})*)?$/, 'must be trunk endpoint names separated by commas, e.g. trunk,provider-b')
    .default(''),
  /** The time zone of "today" and of the reports' hours; default the server's own. */
  HISTORY_TIME_ZONE: z.string().trim().default(''),
  QUEUE_MEMBER_STYLE: z.enum(['auto', 'freepbx', 'device']).default('auto'),
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
  /** Demo only (written by ./start.sh --demo): `1001=secret,1002=secret` for the demo Kamailio's extensions. */
  DEMO_SIP_SECRETS: z
    .string()
    .trim()
    .regex(/^([0-9]{2,10}=[\x21-\x2b\x2d-\x7e]+(,[0-9]{2,10}=[\x21-\x2b\x2d-\x7e]+)*)?$/, 'must be 1001=secret,1002=secret')
    .default(''),
  /** Demo only: why the demo's SIP server is not running, shown on the Phone page. */
  DEMO_PHONE_PROBLEM: z.string().trim().max(500).default(''),
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

/** The certificate and key as read at start (PEM). */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  certFile: string;
}

export interface AppConfig {
  nodeEnv: NodeEnv;
  /**
   * `proxyHops`: how many reverse proxies sit in front of OnDeck (0 = none). The client address is
   * the X-Forwarded-For entry that many hops from the right; anything further left was written by
   * the client and is ignored.
   */
  http: { host: string; port: number; proxyHops: number; tls?: TlsMaterial };
  /**
   * Where admin-set outbound URLs (webhooks, calendars) may lead. Loopback, link-local, metadata
   * and private addresses are refused unless allowed here.
   */
  outbound: { allowPrivate: boolean; allowLoopback: boolean };
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
  /** The call log: FreePBX's CDR table (read-only), the recordings root and the local time zone. */
  history: {
    cdr: DbConfig & { table: string };
    recordingsDir: string;
    trunkNames: string[];
    timeZone: string;
  };
  /**
   * How queue members added from the panel are written: `freepbx` Local/<ext>@from-queue/n with
   * state hint:<ext>@ext-local; `device` PJSIP/<ext> for both; `auto` like the PBX's members.
   */
  queueMemberStyle: 'auto' | 'freepbx' | 'device';
  /** The embedded softphone; `pbxServer` null switches it off. */
  webrtc: {
    pbxServer: string | null;
    iceServers: IceServerConfig[];
    iceGatheringTimeoutMs: number;
    codecPreference: CodecPreferenceName;
    dtmfMode: DtmfModeName;
    /** Why there is no softphone server, when the operator knows (the demo's Kamailio did not start). */
    unavailableReason: string | null;
    /** Demo only: SIP secrets of the demo extensions, stored as admin-set secrets at start. */
    demoSecrets: Readonly<Record<string, string>>;
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
/** Estimated bits of a secret (its length times the Shannon entropy of its characters) that production requires. */
export const MIN_SECRET_BITS = 96;
