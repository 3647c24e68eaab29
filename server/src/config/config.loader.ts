import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IceServerConfig } from '@ondeck/shared';
import { z } from 'zod';
import { readEnvFile } from './env-file';
import { envSchema, MIN_JWT_SECRET_LENGTH, MIN_PIN_PEPPER_LENGTH, type AppConfig } from './config.schema';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

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
  }
  if (env.AMI_ENABLED && (env.AMI_USERNAME === '' || env.AMI_SECRET === '')) {
    problems.push('AMI_USERNAME and AMI_SECRET: required when AMI_ENABLED=true');
  }
  const pinPepper = env.ONCALL_PIN_PEPPER?.trim() || null;
  if (pinPepper !== null && pinPepper.length < MIN_PIN_PEPPER_LENGTH) {
    problems.push(`ONCALL_PIN_PEPPER: must be at least ${MIN_PIN_PEPPER_LENGTH} characters (it has ${pinPepper.length})`);
  }
  const iceServers = parseIceServers(env.WEBRTC_ICE_SERVERS, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const config: AppConfig = {
    nodeEnv: env.NODE_ENV,
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT, trustProxy: env.TRUST_PROXY },
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
    oncall: { pinPepper },
    webrtc: {
      pbxServer: env.WEBRTC_PBX_SERVER === '' ? null : env.WEBRTC_PBX_SERVER,
      iceServers,
      iceGatheringTimeoutMs: env.WEBRTC_ICE_GATHERING_TIMEOUT_MS,
      codecPreference: env.WEBRTC_CODEC_PREFERENCE,
      dtmfMode: env.WEBRTC_DTMF_MODE,
    },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    demo: env.ONDECK_DEMO,
    clientDist: resolve(REPO_ROOT, env.CLIENT_DIST ?? 'client/dist'),
  };
  return { config, warnings };
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
  return parsed.data.map((server) => ({ ...server }) as IceServerConfig);
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
