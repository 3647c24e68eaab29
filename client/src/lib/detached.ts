/**
 * Runs work that nothing awaits (a click handler, a watcher, a timer, a lifecycle hook) without
 * losing its failure; the browser's twin of the server's `runDetached`. The work itself owns
 * the failures a user must see (the phone store's `lastError`, `describeError` beside the
 * field); a rejection that still escapes is a bug, logged here in one place naming what was
 * being done instead of vanishing as an anonymous unhandled rejection.
 *
 * Every detached promise in the client goes through here; `void promise` is refused by lint.
 * (The framework-free phone core logs its own with a `phone:` prefix.)
 */
export function runDetached(what: string, work: () => Promise<unknown>): void {
  // Started inside an async function, so a synchronous throw from `work` is caught the same way.
  const started = (async () => work())();
  started.catch((error: unknown) => console.error(`OnDeck: ${what} failed`, error));
}
