/** A pino logger fits; so does any test double with the same `error(details, message)`. */
export interface DetachedLogger {
  error(details: object, message: string): void;
}

/**
 * Runs work that nobody awaits (a resync after reconnect, a rescope after an account change,
 * a push to one user) so that a rejection is logged with what was being done and can never
 * become an unhandled rejection that stops the server. `recover` runs after the log line, for
 * work that must leave things consistent when it fails (e.g. send a socket a fresh snapshot).
 *
 * Every detached promise in the server goes through here; `void promise` is refused by lint.
 */
export function runDetached(
  logger: DetachedLogger,
  what: string,
  work: () => Promise<unknown>,
  recover?: (error: unknown) => void,
): void {
  // Started now, inside an async function, so a synchronous throw from `work` becomes a
  // rejection like any other.
  const started = (async () => work())();
  started.catch((error: unknown) => {
    logger.error({ err: error }, `${what} failed`);
    if (!recover) return;
    try {
      recover(error);
    } catch (recoverError) {
      logger.error({ err: recoverError }, `recovering from a failed ${what} failed too`);
    }
  });
}
