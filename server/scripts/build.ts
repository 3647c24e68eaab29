/**
 * Builds the server for production: one ES module bundle, server/dist/main.js, with `shared/`
 * compiled in and every npm package left as an import (they stay in node_modules), plus the SQL
 * migrations beside it. Production runs this with plain `node`: no TypeScript compile at each
 * start and no tsx loader in memory (see `npm run bench` → startup). tsx stays for development.
 *
 *   node --import tsx server/scripts/build.ts [--outdir DIR]
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bare imports stay imports, except OnDeck's own workspace package, which is TypeScript source. */
const keepPackagesExternal: Plugin = {
  name: 'keep-packages-external',
  setup(onBuild) {
    onBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === '@ondeck/shared' || args.path.startsWith('@ondeck/shared/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

export async function buildServer(outdir = join(SERVER_DIR, 'dist')): Promise<{ outdir: string; bundle: string }> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const bundle = join(outdir, 'main.js');
  await build({
    entryPoints: [join(SERVER_DIR, 'src/main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: true,
    // Stack traces name the TypeScript files and lines.
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [keepPackagesExternal],
  });
  // db/migrations.ts reads the SQL files next to itself, which in the bundle is dist/.
  await cp(join(SERVER_DIR, 'src/db/migrations'), join(outdir, 'migrations'), { recursive: true });
  return { outdir, bundle };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--outdir');
  const outdir = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1] as string) : undefined;
  const started = Date.now();
  const { bundle } = await buildServer(outdir);
  process.stdout.write(`Built ${bundle} in ${Date.now() - started} ms\n`);
}
