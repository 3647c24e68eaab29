import type { ApiError, ApiErrorBody, ErrorCode } from '@ondeck/shared';

/** Thrown for every failed API call; carries the server's error so views can show its message. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly error: ApiError;

  constructor(status: number, error: ApiError) {
    super(error.message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.error = error;
  }

  get code(): ErrorCode {
    return this.error.code;
  }
}

/** Status 0 marks "no answer at all" (network down, server stopped). */
const NETWORK_ERROR: ApiError = {
  code: 'internal',
  message: 'Cannot reach the OnDeck server. Check your connection and try again.',
};

export interface AuthHooks {
  getAccessToken: () => string | null;
  /** Renews the access token; resolves false when the session cannot be renewed. */
  refreshAccessToken: () => Promise<boolean>;
  /** The server no longer accepts this session at all (revoked, account disabled). */
  onSessionRejected: (error: ApiError) => void;
}

export interface RequestOptions {
  body?: unknown;
  /** Send the access token and retry once after a refresh on token_expired. Default true. */
  auth?: boolean;
  signal?: AbortSignal;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let authHooks: AuthHooks | null = null;

/** The session store registers itself here, so the API layer never imports a store. */
export function setAuthHooks(hooks: AuthHooks | null): void {
  authHooks = hooks;
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function send(method: HttpMethod, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = options.auth === false ? null : authHooks?.getAccessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiRequestError(0, NETWORK_ERROR);
  }
}

function toError(response: Response, body: unknown): ApiRequestError {
  if (isApiErrorBody(body)) return new ApiRequestError(response.status, body.error);
  const code: ErrorCode = response.status === 401 ? 'unauthenticated' : response.status === 403 ? 'forbidden' : 'internal';
  return new ApiRequestError(response.status, {
    code,
    message: `The server answered ${response.status} ${response.statusText}`.trim(),
  });
}

/**
 * Sends a request; an expired access token is refreshed once and the request retried. A failed
 * answer becomes an ApiRequestError; a good one is returned unread.
 */
async function exchange(method: HttpMethod, path: string, options: RequestOptions): Promise<Response> {
  let response = await send(method, path, options);
  // A body can be read once: keep a 401's for the error unless the request is sent again.
  let unauthorized: { body: unknown } | null = null;
  if (response.status === 401) {
    unauthorized = { body: await readBody(response) };
    const expired = isApiErrorBody(unauthorized.body) && unauthorized.body.error.code === 'token_expired';
    if (expired && options.auth !== false && authHooks && (await authHooks.refreshAccessToken())) {
      response = await send(method, path, options);
      unauthorized = null;
    }
  }
  if (!response.ok) {
    const error = toError(response, unauthorized ? unauthorized.body : await readBody(response));
    const rejected = error.code === 'token_revoked' || error.code === 'unauthenticated';
    if (response.status === 401 && rejected && options.auth !== false) authHooks?.onSessionRejected(error.error);
    throw error;
  }
  return response;
}

/**
 * Calls the OnDeck API and returns the parsed JSON body (undefined for 204). Typed callers go
 * through callApi() (api/contract.ts), whose types come from the shared contract.
 */
export async function apiRequest<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  return (await readBody(await exchange(method, path, options))) as T;
}

/** A file answer (CSV, …) as a Blob, with the same token handling as apiRequest. */
export async function apiDownload(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<Blob> {
  return (await exchange('GET', path, options)).blob();
}

/**
 * A file answer left unread, for callers that follow a long download as it streams (the call
 * log's CSV): the body is the caller's to read, cancel or abort through `signal`.
 */
export async function apiStream(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<Response> {
  return exchange('GET', path, options);
}
