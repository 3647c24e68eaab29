import type { Logger } from 'pino';

/** The part of `process` the guards use, so tests can hand in an emitter. */
export interface GuardedProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
}

/**
 * Last line of defence for what escaped every handler. A rejected promise nobody awaited is
 * logged and the server keeps running (runDetached should have caught it; the log says what
 * slipped through). An uncaught exception leaves the process in an unknown state, so it is
 * logged as fatal and the process exits; systemd restarts it.
 */
export function installProcessGuards(target: GuardedProcess, logger: Pick<Logger, 'error' | 'fatal'>, exit: (code: number) => void): void {
  target.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (kept running); wrap the work in runDetached');
  });
  target.on('uncaughtException', (error, origin) => {
    logger.fatal({ err: error, origin }, 'uncaught exception: exiting');
    exit(1);
  });
}
