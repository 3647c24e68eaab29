import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';

const CLIENT_DIR = resolve(import.meta.dirname, '..');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

export interface HarnessServer {
  /** `http://127.0.0.1:PORT`: a secure context, so getUserMedia works with plain ws://. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Builds the phone test pages with Vite (the same bundling the app gets) and serves them
 * statically: no dev-server reloads in the middle of a call.
 */
export async function startHarnessServer(): Promise<HarnessServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'ondeck-phone-harness-'));
  await build({
    root: CLIENT_DIR,
    configFile: false,
    logLevel: 'warn',
    plugins: [vue()],
    build: {
      outDir,
      emptyOutDir: true,
      rolldownOptions: {
        input: {
          phone: resolve(CLIENT_DIR, 'e2e/phone-harness.html'),
          view: resolve(CLIENT_DIR, 'e2e/phone-view-harness.html'),
        },
      },
    },
  });
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = resolve(outDir, `.${path}`);
    if (!file.startsWith(outDir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
