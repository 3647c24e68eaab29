import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config';
import { prettyStream } from './pretty';

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

export type LogFormat = 'json' | 'pretty';

export interface LogFormatContext {
  /** LOG_FORMAT from .env; 'auto' decides from the rest. */
  setting: LogFormat | 'auto';
  stdoutIsTty: boolean;
  demo: boolean;
  nodeEnv: string;
}

/**
 * JSON for machines (systemd's journal, log shippers), one readable line for a person: at a
 * terminal, in the demo and in development, unless LOG_FORMAT says otherwise.
 */
export function chooseLogFormat(context: LogFormatContext): LogFormat {
  if (context.setting !== 'auto') return context.setting;
  return context.stdoutIsTty || context.demo || context.nodeEnv === 'development' ? 'pretty' : 'json';
}

/** The logger of the running server, writing to stdout in `format`. */
export function createProcessLogger(level: LogLevel, format: LogFormat): Logger {
  if (format === 'json') return createLogger(level);
  return createLogger(level, prettyStream(process.stdout, { colour: process.stdout.isTTY === true && !process.env.NO_COLOR }));
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
