import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';

const HASHED_ASSET = /\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const MISSING_BUILD_MESSAGE =
  'OnDeck server is running, but the web client is not built.\n' +
  'Run `npm run build` in the OnDeck folder (or set CLIENT_DIST to the built client), then reload this page.\n';

function isServerPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/socket.io');
}

/**
 * Serves the built Vue client. Vite's hashed assets never change, so browsers may keep them
 * forever; index.html must be revalidated so a new release is picked up. Unknown non-API paths
 * get index.html so vue-router's history mode works on reload.
 */
export function staticSpa(distDir: string): Middleware {
  const indexFile = join(distDir, 'index.html');
  const serveFiles = serve(distDir, {
    index: 'index.html',
    defer: false,
    setHeaders(res, path) {
      res.setHeader('Cache-Control', HASHED_ASSET.test(path.replaceAll('\\', '/')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return async (ctx, next) => {
    if (isServerPath(ctx.path) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) {
      await next();
      return;
    }
    if (!existsSync(indexFile)) {
      ctx.status = ctx.path === '/' ? 200 : 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = MISSING_BUILD_MESSAGE;
      return;
    }
    await serveFiles(ctx, async () => undefined);
    if (ctx.body !== undefined && ctx.body !== null) return;
    // A missing asset is a real 404; anything else is a client-side route.
    if (ctx.path.startsWith('/assets/') || !ctx.accepts('html')) {
      await next();
      return;
    }
    ctx.status = 200;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = createReadStream(indexFile);
  };
}
