/**
 * The client's address behind `proxyHops` reverse proxies. Each proxy appends the address it
 * received the request from to X-Forwarded-For, so only the last `proxyHops` entries were
 * written by proxies we run; everything to their left came from the client and could be
 * anything. The entry `proxyHops` from the right is the client (or, when a request reached us
 * through fewer proxies, the leftmost of what our proxies wrote).
 *
 * Koa reads `ctx.ip` the same way with `{ proxy: true, maxIpsCount: proxyHops }` (see
 * `koaProxyOptions`); sockets call this directly so both agree.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, proxyHops: number): string {
  const socketAddress = remoteAddress ?? '';
  if (proxyHops <= 0 || forwardedFor === undefined) return socketAddress;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const entries = header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.slice(-proxyHops)[0] ?? socketAddress;
}

/** Koa's options for the same rule: trust X-Forwarded-* only with a proxy, and only its hops. */
export function koaProxyOptions(proxyHops: number): { proxy: boolean; maxIpsCount: number } {
  return { proxy: proxyHops > 0, maxIpsCount: Math.max(0, proxyHops) };
}
