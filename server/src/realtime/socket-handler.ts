import type { z } from 'zod';
import type { Ack, ApiError } from '@ondeck/shared';
import { parseInput } from '../http';
import { AppError } from '../lib/app-error';
import type { Logger } from '../logging';

function toApiError(error: unknown): ApiError {
  if (error instanceof AppError) return error.toApiError();
  return { code: 'internal', message: 'Something went wrong on the server. Try again in a moment.' };
}

/**
 * Wraps every socket event handler: validates the payload with a shared schema and always
 * answers the ack with `{ok: true, data}` or `{ok: false, error}`. A thrown AppError becomes
 * its own message; anything else is logged and hidden.
 */
export function withAck<S extends z.ZodType, T>(
  schema: S,
  logger: Logger,
  handler: (payload: z.output<S>) => Promise<T> | T,
): (payload: unknown, ack?: unknown) => Promise<void> {
  return async (payload, ack) => {
    const reply = typeof ack === 'function' ? (ack as (result: Ack<T>) => void) : () => undefined;
    try {
      reply({ ok: true, data: await handler(parseInput(schema, payload)) });
    } catch (error) {
      if (!(error instanceof AppError)) logger.error({ err: error }, 'socket handler failed');
      reply({ ok: false, error: toApiError(error) });
    }
  };
}
