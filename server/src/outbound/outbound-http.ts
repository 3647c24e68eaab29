import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isAddressAllowed, type OutboundPolicy } from './address-policy';

/** The text a refused request shows (delivery list, calendar status): it names no address and no status. */
export const ADDRESS_NOT_ALLOWED = 'address not allowed';

/** The target (or a redirect) leads to an address the policy refuses. */
export class OutboundRefusedError extends Error {
  constructor() {
    super(ADDRESS_NOT_ALLOWED);
    this.name = 'OutboundRefusedError';
  }
}

/** Anything else that makes a request unusable: bad URL, too many redirects, body too large. */
export class OutboundRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRequestError';
  }
}

/** How names become addresses; tests pass their own to point names wherever they like. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** For the whole exchange, redirects and body included. */
  timeoutMs: number;
  /** Redirects followed (each one re-checked); 0 returns the 3xx itself. */
  maxRedirects?: number;
  /** Read at most this many body bytes (streamed, refused beyond); 0 discards the body. */
  maxBodyBytes?: number;
  /** The message when the body is larger than maxBodyBytes. */
  tooLargeMessage?: string;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body when maxBodyBytes > 0, else null. */
  body: Buffer | null;
  /** The URL that answered, after redirects. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The one way OnDeck makes HTTP requests to URLs an admin typed in. It resolves the name
 * itself, refuses when ANY resolved address is loopback, private, link-local (metadata),
 * reserved or otherwise non-public (unless the policy allows that class), and connects to the
 * very addresses it checked, so a second DNS answer cannot swap in an internal one (DNS
 * rebinding). Redirects are followed by hand, up to a bound, and every hop is checked again.
 */
export class OutboundHttp {
  constructor(
    private readonly policy: OutboundPolicy,
    private readonly resolve: Resolver = systemResolver,
  ) {}

  async request(url: string, options: OutboundRequest): Promise<OutboundResponse> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    let current = this.parseTarget(url);
    let method = options.method;
    let body = options.body;
    const headers = { ...options.headers };
    for (let hop = 0; ; hop++) {
      const response = await this.once(current, method, headers, body, signal);
      const location = response.headers.location;
      if (REDIRECTS.has(response.statusCode ?? 0) && location && hop < (options.maxRedirects ?? 0)) {
        response.resume();
        const next = this.parseTarget(new URL(location, current).toString());
        if (next.origin !== current.origin) delete headers.Authorization;
        if (response.statusCode === 303) {
          method = 'GET';
          body = undefined;
        }
        current = next;
        continue;
      }
      if (REDIRECTS.has(response.statusCode ?? 0) && location && (options.maxRedirects ?? 0) > 0) {
        response.resume();
        throw new OutboundRequestError(`more than ${options.maxRedirects ?? 0} redirects`);
      }
      const read = await readBody(response, options.maxBodyBytes ?? 0, options.tooLargeMessage ?? 'the answer is too large');
      return { status: response.statusCode ?? 0, headers: response.headers, body: read, url: current.toString() };
    }
  }

  private parseTarget(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new OutboundRequestError('not a valid URL');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new OutboundRequestError('only http and https URLs are allowed');
    // WHATWG URL parsing already turned decimal, octal and hex IPv4 forms into dotted quads.
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) !== 0 && !isAddressAllowed(literal, this.policy)) throw new OutboundRefusedError();
    return target;
  }

  private once(target: URL, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<IncomingMessage> {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const credentials = target.username ? `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` : undefined;
    return new Promise((resolve, reject) => {
      const request = send(
        target,
        {
          method,
          headers: { 'Accept-Encoding': 'identity', ...headers, ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) },
          signal,
          lookup: this.guardedLookup,
          ...(credentials ? { auth: credentials } : {}),
          // No pooled sockets: each connection is made (and its address checked) for this request.
          agent: false,
        },
        resolve,
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  /** Node's connect-time lookup: resolve, check every address, hand back only checked ones. */
  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (addresses) => {
        const usable = addresses.filter((entry) => options.family === undefined || options.family === 0 || entry.family === options.family);
        if (usable.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
          return;
        }
        if (!usable.every((entry) => isAddressAllowed(entry.address, this.policy))) {
          callback(new OutboundRefusedError(), '', 4);
          return;
        }
        if (options.all) (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, usable);
        else callback(null, usable[0]?.address ?? '', usable[0]?.family ?? 4);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 4),
    );
  };
}

/** Streams the body and stops reading at the cap, so a huge answer never sits in memory. */
async function readBody(response: IncomingMessage, maxBytes: number, tooLarge: string): Promise<Buffer | null> {
  if (maxBytes <= 0) {
    response.resume();
    return null;
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new OutboundRequestError(tooLarge);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      response.destroy();
      throw new OutboundRequestError(tooLarge);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
