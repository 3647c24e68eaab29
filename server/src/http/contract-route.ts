import type { Readable } from 'node:stream';
import { API, type ApiContract, type ApiKey, type ApiResponse } from '@ondeck/shared';
import type { ApiContext, RouteAccess, RouteDefinition } from './route';

/**
 * What a handler may return for a JSON answer of type `T`: the same shape, where a `Date` may
 * stand for a `string` (it travels as its ISO text). So a service's rows can be returned as
 * they are and the compiler still checks them against the wire type in the contract.
 */
export type Encodes<T> = T extends string
  ? string extends T
    ? T | Date
    : T
  : T extends readonly (infer Item)[]
    ? readonly Encodes<Item>[]
    : T extends object
      ? { [K in keyof T]: Encodes<T[K]> }
      : T;

/** A file the browser saves (the contract's `download` kind). */
export interface Download {
  filename: string;
  contentType: string;
  /** A stream for big exports: sent as it is produced, so memory stays flat. */
  body: string | Readable;
  /** `inline` for media a page plays (recordings); saved as a file otherwise. */
  disposition?: 'inline' | 'attachment';
  /** 206 for a byte range of the file, 416 for a range outside it. */
  status?: 200 | 206 | 416;
  headers?: Readonly<Record<string, string>>;
}

/**
 * An answer outside the contract's success shape, for the rare route whose failure is not an
 * error thrown through the error handler (health: 503 with a readable reason for monitoring).
 */
export class ExplicitReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

type KindOf<K extends ApiKey> = ApiContract[K]['kind'];

export type ContractHandlerResult<K extends ApiKey> = KindOf<K> extends 'json'
  ? Encodes<ApiResponse<K>> | ExplicitReply
  : KindOf<K> extends 'download'
    ? Download
    : void;

export type ContractHandler<K extends ApiKey> = (ctx: ApiContext) => Promise<ContractHandlerResult<K>>;

/**
 * A route of the shared contract: method and path come from `API[key]`, the handler returns
 * the answer (checked against the contract's response type) and this sets status and body.
 * Headers, cookies and the like stay in the handler, which still has the context.
 */
export function contractRoute<K extends ApiKey>(key: K, access: RouteAccess, handler: ContractHandler<K>): RouteDefinition {
  const endpoint = API[key];
  return {
    method: endpoint.method,
    path: endpoint.path,
    access,
    handler: async (ctx) => {
      const result: unknown = await handler(ctx);
      if (result instanceof ExplicitReply) {
        ctx.status = result.status;
        ctx.body = result.body;
        return;
      }
      switch (endpoint.kind) {
        case 'empty':
          ctx.status = 204;
          return;
        case 'download': {
          const file = result as Download;
          ctx.set('Content-Disposition', `${file.disposition ?? 'attachment'}; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`);
          for (const [name, value] of Object.entries(file.headers ?? {})) ctx.set(name, value);
          ctx.status = file.status ?? 200;
          ctx.type = file.contentType;
          ctx.body = file.body;
          return;
        }
        case 'json':
          ctx.status = endpoint.status;
          ctx.body = result;
          return;
      }
    },
  };
}
