import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IceServerConfig } from '@ondeck/shared';
import { z } from 'zod';
import { isValidTimeZone } from '../lib/zoned-time';
import { readEnvFile } from './env-file';
import { envSchema, MIN_JWT_SECRET_LENGTH, MIN_PIN_PEPPER_LENGTH, MIN_SECRET_BITS, type AppConfig, type TlsMaterial } from './config.schema';

/**
 * The checkout OnDeck runs from: the nearest folder up from this module that holds both server/
 * and client/. Found, not counted in `..`s, because this module runs from server/src/config/ under
 * tsx and from the server/dist/ bundle in production.
 */
export function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'server', 'package.json')) && existsSync(join(dir, 'client'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '../../..');
  }
}

const REPO_ROOT = findRepoRoot(fileURLToPath(new URL('.', import.meta.url)));

/** Thrown when settings are missing or wrong; the message lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`OnDeck cannot start: fix these settings in .env\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: AppConfig;
  /** Things worth logging once the logger exists (the logger needs the config first). */
  warnings: string[];
}

/**
 * Builds the typed config from environment variables. Values already in `env` win over the
 * file, so `HTTP_PORT=9000 npm start` works without editing .env.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const envFile = env.ONDECK_ENV_FILE ?? resolve(REPO_ROOT, '.env');
  return parseConfig({ ...readEnvFile(envFile), ...definedOnly(env) });
}

export function parseConfig(raw: Record<string, string | undefined>): LoadedConfig {
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const warnings: string[] = [];
  const problems: string[] = [];

  let jwtSecret = env.JWT_SECRET?.trim() ?? '';
  let jwtSecretGenerated = false;
  if (jwtSecret === '') {
    if (env.NODE_ENV === 'production') {
      problems.push(
        `JWT_SECRET: required in production (at least ${MIN_JWT_SECRET_LENGTH} characters; generate one with \`openssl rand -base64 48\`)`,
      );
    } else {
      jwtSecret = randomBytes(48).toString('base64url');
      jwtSecretGenerated = true;
      warnings.push('JWT_SECRET is not set: using a random secret for this process; everyone is signed out on restart');
    }
  } else if (jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    problems.push(`JWT_SECRET: must be at least ${MIN_JWT_SECRET_LENGTH} characters (it has ${jwtSecret.length})`);
  } else if (estimatedSecretBits(jwtSecret) < MIN_SECRET_BITS) {
    const weak = 'JWT_SECRET: too predictable (repeated or few different characters); generate one with `openssl rand -base64 48`';
    if (env.NODE_ENV === 'production') problems.push(weak);
    else warnings.push(weak);
  }
  if (env.ONDECK_DEMO && env.NODE_ENV === 'production') {
    problems.push('ONDECK_DEMO: must be false in production (demo mode creates accounts with published passwords); use ./start.sh --demo on a test machine');
  }
  if (env.AMI_ENABLED && (env.AMI_USERNAME === '' || env.AMI_SECRET === '')) {
    problems.push('AMI_USERNAME and AMI_SECRET: required when AMI_ENABLED=true');
  }
  const pinPepper = env.ONCALL_PIN_PEPPER?.trim() || null;
  if (pinPepper !== null && pinPepper.length < MIN_PIN_PEPPER_LENGTH) {
    problems.push(`ONCALL_PIN_PEPPER: must be at least ${MIN_PIN_PEPPER_LENGTH} characters (it has ${pinPepper.length})`);
  } else if (pinPepper !== null && env.NODE_ENV === 'production' && estimatedSecretBits(pinPepper) < MIN_SECRET_BITS / 2) {
    problems.push('ONCALL_PIN_PEPPER: too predictable (repeated or few different characters); generate one with `openssl rand -base64 32`');
  }
  const iceServers = parseIceServers(env.WEBRTC_ICE_SERVERS, problems);
  const timeZone = env.HISTORY_TIME_ZONE === '' ? Intl.DateTimeFormat().resolvedOptions().timeZone : env.HISTORY_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) problems.push(`HISTORY_TIME_ZONE: ${timeZone} is not a time zone name (e.g. Europe/Paris, America/New_York, UTC)`);
  const tls = readTls(env.TLS_CERT_FILE, env.TLS_KEY_FILE, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const config: AppConfig = {
    nodeEnv: env.NODE_ENV,
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT, proxyHops: env.TRUST_PROXY, ...(tls ? { tls } : {}) },
    outbound: { allowPrivate: env.OUTBOUND_ALLOW_PRIVATE, allowLoopback: env.OUTBOUND_ALLOW_LOOPBACK },
    auth: { jwtSecret, jwtSecretGenerated, refreshTokenDays: env.REFRESH_TOKEN_DAYS },
    db: {
      host: env.DB_HOST,
      port: env.DB_PORT,
      ...(env.DB_SOCKET === '' ? {} : { socketPath: env.DB_SOCKET }),
      user: env.DB_USER,
      password: env.DB_PASSWORD,
      name: env.DB_NAME,
    },
    ami: {
      enabled: env.AMI_ENABLED,
      host: env.AMI_HOST,
      port: env.AMI_PORT,
      username: env.AMI_USERNAME,
      secret: env.AMI_SECRET,
    },
    fastAgi: { host: env.FASTAGI_HOST, port: env.FASTAGI_PORT },
    freepbx: { dbName: env.FREEPBX_DB_NAME },
    history: {
      cdr: {
        host: env.DB_HOST,
        port: env.DB_PORT,
        ...(env.DB_SOCKET === '' ? {} : { socketPath: env.DB_SOCKET }),
        user: env.CDR_DB_USER === '' ? env.DB_USER : env.CDR_DB_USER,
        password: env.CDR_DB_USER === '' ? env.DB_PASSWORD : env.CDR_DB_PASSWORD,
        name: env.CDR_DB_NAME,
        table: env.CDR_DB_TABLE,
      },
      recordingsDir: resolve(env.RECORDINGS_DIR),
      trunkNames: env.HISTORY_TRUNKS === '' ? [] : env.HISTORY_TRUNKS.split(','),
      timeZone,
    },
    queueMemberStyle: env.QUEUE_MEMBER_STYLE,
    oncall: { pinPepper },
    webrtc: {
      pbxServer: env.WEBRTC_PBX_SERVER === '' ? null : env.WEBRTC_PBX_SERVER,
      iceServers,
      iceGatheringTimeoutMs: env.WEBRTC_ICE_GATHERING_TIMEOUT_MS,
      codecPreference: env.WEBRTC_CODEC_PREFERENCE,
      dtmfMode: env.WEBRTC_DTMF_MODE,
      unavailableReason: env.ONDECK_DEMO && env.DEMO_PHONE_PROBLEM !== '' ? env.DEMO_PHONE_PROBLEM : null,
      demoSecrets: env.ONDECK_DEMO ? parseDemoSecrets(env.DEMO_SIP_SECRETS) : {},
    },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    demo: env.ONDECK_DEMO,
    clientDist: resolve(REPO_ROOT, env.CLIENT_DIST ?? 'client/dist'),
  };
  return { config, warnings };
}

/** Both files or neither; read now, so a wrong path or permission stops the start with its name. */
function readTls(certFile: string, keyFile: string, problems: string[]): TlsMaterial | undefined {
  if (certFile === '' && keyFile === '') return undefined;
  if (certFile === '' || keyFile === '') {
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE: set both (HTTPS) or neither (plain HTTP)');
    return undefined;
  }
  const read = (name: string, path: string): Buffer | undefined => {
    try {
      const content = readFileSync(path);
      if (!content.toString('latin1').includes('-----BEGIN ')) problems.push(`${name}: ${path} is not a PEM file`);
      return content;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(`${name}: cannot read ${path} (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable')})`);
      return undefined;
    }
  };
  const cert = read('TLS_CERT_FILE', certFile);
  const key = read('TLS_KEY_FILE', keyFile);
  return cert && key ? { cert, key, certFile } : undefined;
}

/** `1001=a,1002=b` (validated by the schema) as a map. */
function parseDemoSecrets(value: string): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const pair of value === '' ? [] : value.split(',')) {
    const at = pair.indexOf('=');
    secrets[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return secrets;
}

const iceServersSchema = z.array(
  z.object({
    urls: z.union([z.string().regex(/^(stun|stuns|turn|turns):/), z.array(z.string().regex(/^(stun|stuns|turn|turns):/)).min(1)]),
    username: z.string().optional(),
    credential: z.string().optional(),
  }),
);

/** WEBRTC_ICE_SERVERS is JSON as RTCPeerConnection takes it, e.g. [{"urls":"stun:stun.example.com"}]. */
function parseIceServers(raw: string, problems: string[]): IceServerConfig[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    problems.push('WEBRTC_ICE_SERVERS: must be JSON, e.g. [] or [{"urls":"stun:stun.example.com:3478"}]');
    return [];
  }
  const parsed = iceServersSchema.safeParse(value);
  if (!parsed.success) {
    problems.push('WEBRTC_ICE_SERVERS: must be a list of {urls, username?, credential?} with stun:/turn: URLs');
    return [];
  }
  return parsed.data;
}

/**
 * A cheap strength estimate: length × Shannon entropy per character. It catches what people
 * type by hand (one repeated character, `abcabc…`, a word repeated); a random secret from
 * `openssl rand` is far above the limit.
 */
export function estimatedSecretBits(secret: string): number {
  // A secret that is a shorter piece repeated (`passwordpassword…`) is worth that piece only.
  const chars = [...secret].slice(0, repeatingPeriod([...secret]));
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = chars.length;
  let bitsPerChar = 0;
  for (const count of counts.values()) {
    const p = count / length;
    bitsPerChar -= p * Math.log2(p);
  }
  return bitsPerChar * length;
}

/** The length of the shortest prefix whose repetition makes up the whole text. */
function repeatingPeriod(chars: string[]): number {
  for (let period = 1; period < chars.length; period++) {
    if (chars.every((char, i) => i < period || char === chars[i - period])) return period;
  }
  return chars.length;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
