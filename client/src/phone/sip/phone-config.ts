import type { CodecPreference } from './sdp-codecs';

export type DtmfMode = 'rfc4733' | 'info';

/** What the phone needs to register one extension. */
export interface PhoneConfig {
  /** SIP-over-WebSocket URL of the PBX, `wss://pbx:8089/ws` (or `ws://` on loopback). */
  server: string;
  /** Extension number, also the SIP user. */
  extension: string;
  /** Digest user when it differs from the extension (FreePBX: same). */
  username?: string;
  password: string;
  displayName?: string;
  /** SIP domain; defaults to the host of `server`. */
  domain?: string;
  /** Empty by default: on a LAN a STUN server only adds delay (see softphone notes). */
  iceServers?: RTCIceServer[];
  /** SIP.js waits this long for ICE candidates because it does not trickle. */
  iceGatheringTimeoutMs?: number;
  dtmfMode?: DtmfMode;
  codecPreference?: CodecPreference;
  /** Asterisk silently raises anything below 60 s and challenges every refresh; keep ≥ 300. */
  registerExpires?: number;
}

export type ResolvedPhoneConfig = Required<Omit<PhoneConfig, 'displayName'>> & { displayName: string };

export class PhoneConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhoneConfigError';
  }
}

export const MIN_REGISTER_EXPIRES = 300;

/** Fills defaults and refuses configurations that could never register. */
export function resolvePhoneConfig(config: PhoneConfig): ResolvedPhoneConfig {
  let url: URL;
  try {
    url = new URL(config.server);
  } catch {
    throw new PhoneConfigError(`Not a WebSocket URL: ${config.server}`);
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw new PhoneConfigError(`The phone server must be ws:// or wss://, got ${url.protocol}`);
  }
  if (!/^[A-Za-z0-9_.+-]{1,40}$/.test(config.extension)) throw new PhoneConfigError('The extension is missing or malformed');
  if (config.password === '') throw new PhoneConfigError('The extension password is empty');
  const expires = config.registerExpires ?? 600;
  if (!Number.isInteger(expires) || expires < MIN_REGISTER_EXPIRES) {
    throw new PhoneConfigError(`registerExpires must be an integer of at least ${MIN_REGISTER_EXPIRES} s`);
  }
  const iceTimeout = config.iceGatheringTimeoutMs ?? 1000;
  if (!(iceTimeout > 0)) throw new PhoneConfigError('iceGatheringTimeoutMs must be positive');
  return {
    server: config.server,
    extension: config.extension,
    username: config.username ?? config.extension,
    password: config.password,
    displayName: config.displayName ?? '',
    domain: config.domain ?? url.hostname,
    iceServers: config.iceServers ?? [],
    iceGatheringTimeoutMs: iceTimeout,
    dtmfMode: config.dtmfMode ?? 'rfc4733',
    codecPreference: config.codecPreference ?? 'pcmu-only',
    registerExpires: expires,
  };
}
