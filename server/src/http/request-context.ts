import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { runWithRequestContext, type Logger } from '../logging';
import type { ApiState } from './route';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when it looks safe, so a proxy's id
 * carries through), echoes it back, and writes one access-log line (debug level) when the response is done.
 */
export function requestContext(logger: Logger): Middleware<ApiState> {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    await runWithRequestContext({ requestId }, async () => {
      try {
        await next();
      } finally {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        const status = ctx.status;
        const line = { method: ctx.method, path: ctx.path, status, ms, userId: ctx.state.auth?.user.id };
        // One line per request is noise at info level (a panel polls and loads assets); debug
        // shows them. Server faults stay visible.
        if (status >= 500) logger.error(line, 'request');
        else logger.debug(line, 'request');
      }
    });
  };
}
