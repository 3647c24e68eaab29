import { API, apiPath, type ApiBody, type ApiKey, type ApiParams, type ApiQuery, type ApiResponse, type PathParamNames } from '@ondeck/shared';
import { apiDownload, apiRequest, apiStream, type RequestOptions } from './http';

type Endpoint<K extends ApiKey> = (typeof API)[K];

type ParamsArg<K extends ApiKey> = [PathParamNames<Endpoint<K>['path']>] extends [never] ? unknown : { params: ApiParams<K> };
type BodyArg<K extends ApiKey> = [ApiBody<K>] extends [undefined] ? unknown : { body: ApiBody<K> };
type QueryArg<K extends ApiKey> = [ApiQuery<K>] extends [undefined] ? unknown : { query?: ApiQuery<K> };

/** What a call of endpoint K takes: its path parameters, body and query as the contract says. */
export type CallArgs<K extends ApiKey> = ParamsArg<K> & BodyArg<K> & QueryArg<K> & Omit<RequestOptions, 'body'>;

/** The arguments may be left out when the endpoint needs none. */
type CallRest<K extends ApiKey> = object extends CallArgs<K> ? [args?: CallArgs<K>] : [args: CallArgs<K>];

export type JsonKey = { [K in ApiKey]: Endpoint<K>['kind'] extends 'download' ? never : K }[ApiKey];
export type DownloadKey = { [K in ApiKey]: Endpoint<K>['kind'] extends 'download' ? K : never }[ApiKey];

/** What a call resolves to: the contract's response, or nothing for a 204. */
export type CallAnswer<K extends ApiKey> = Endpoint<K>['kind'] extends 'empty' ? void : ApiResponse<K>;

interface LooseArgs extends Omit<RequestOptions, 'body'> {
  params?: Record<string, string | number>;
  body?: unknown;
  query?: object;
}

/** `?a=1&b=x` of the defined, non-empty values; '' when there are none. */
export function queryString(query: object | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, unknown][]) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    if (value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function urlOf(key: ApiKey, args: LooseArgs): string {
  return `/api${apiPath(API[key].path, args.params)}${queryString(args.query)}`;
}

function requestOptions(args: LooseArgs): RequestOptions {
  return {
    ...(args.body !== undefined ? { body: args.body } : {}),
    ...(args.auth !== undefined ? { auth: args.auth } : {}),
    ...(args.signal ? { signal: args.signal } : {}),
  };
}

/**
 * Calls an endpoint of the shared contract: the URL is built from its path and the answer is
 * typed from its response, so nothing in the client writes a URL or casts an answer.
 */
export async function callApi<K extends JsonKey>(key: K, ...[args]: CallRest<K>): Promise<CallAnswer<K>> {
  const loose: LooseArgs = args ?? {};
  return apiRequest<CallAnswer<K>>(API[key].method, urlOf(key, loose), requestOptions(loose));
}

/** Fetches a file endpoint of the contract (its token goes in the header, which a plain link cannot send). */
export async function downloadApi<K extends DownloadKey>(key: K, ...[args]: CallRest<K>): Promise<Blob> {
  const loose: LooseArgs = args ?? {};
  const { body: _body, ...options } = requestOptions(loose);
  return apiDownload(urlOf(key, loose), options);
}

/** A file endpoint's answer with its body unread, to follow the download's progress (see apiStream). */
export async function streamApi<K extends DownloadKey>(key: K, ...[args]: CallRest<K>): Promise<Response> {
  const loose: LooseArgs = args ?? {};
  const { body: _body, ...options } = requestOptions(loose);
  return apiStream(urlOf(key, loose), options);
}
