import type { Middleware } from 'koa';
import type { ApiErrorBody } from '@ondeck/shared';
import type { Logger } from '../logging';
import { AppError, httpStatusFor } from '../lib/app-error';
import type { ApiState } from './route';

interface KoaHttpError {
  status: number;
  expose?: boolean;
  message: string;
}

function isKoaHttpError(error: unknown): error is KoaHttpError {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';
}

/**
 * The one place errors become responses. 4xx say what was wrong; 5xx hide details and point to
 * the request id, which the log line carries.
 */
export function errorHandler(logger: Logger): Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const body = toErrorBody(error, ctx.state.requestId);
      ctx.status = body.status;
      ctx.body = { error: body.error } satisfies ApiErrorBody;
      if (body.error.retryAfter !== undefined) ctx.set('Retry-After', String(body.error.retryAfter));
      if (body.status >= 500) {
        logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      }
    }
  };
}

function toErrorBody(error: unknown, requestId: string): { status: number } & ApiErrorBody {
  if (error instanceof AppError) return { status: httpStatusFor(error.code), error: error.toApiError() };
  if (isKoaHttpError(error) && error.status >= 400 && error.status < 500) {
    if (error.status === 413) {
      return { status: 413, error: { code: 'bad_request', message: 'The request is too large. Send less data.' } };
    }
    return {
      status: 400,
      error: { code: 'bad_request', message: `The request could not be read (${error.expose ? error.message : 'bad format'}). Send valid JSON.` },
    };
  }
  return {
    status: 500,
    error: {
      code: 'internal',
      message: `Something went wrong on the server. Try again; if it keeps happening, ask your administrator to check the server log for request ${requestId}.`,
    },
  };
}
