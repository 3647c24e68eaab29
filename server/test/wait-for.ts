/**
 * Waits for a condition by polling. Tests wait for outcomes, never for a time: the deadline
 * is generous and only turns a hang into a readable failure. The condition may ask the
 * server (a REST call) as well as read local state.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
