import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config';

export type { Logger };

interface RequestContext {
  requestId: string;
  userId?: number;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `work` with a request id that every log line written inside it carries, including lines
 * from services deep below the route that never see the Koa context.
 */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return requestContext.run(context, work);
}

/** Lets the auth middleware attach the user once known, so later lines name them too. */
export function setRequestUser(userId: number): void {
  const store = requestContext.getStore();
  if (store) store.userId = userId;
}

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'ondeck' },
    redact: {
      paths: ['password', '*.password', 'secret', '*.secret', 'token', '*.token', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
    mixin() {
      const store = requestContext.getStore();
      if (!store) return {};
      return store.userId === undefined ? { reqId: store.requestId } : { reqId: store.requestId, userId: store.userId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
