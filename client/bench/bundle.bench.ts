/**
 * Initial JavaScript of the panel, gzipped, against the 250 KB target.
 *
 * Builds the client with its real Vite config into a private folder (client-build.ts) with
 * Vite's manifest, then follows the manifest's static `imports` (what the browser must load
 * before the code runs; index.html modulepreloads the entry's) from:
 *   the entry (index.html's script), and
 *   the chunks the Extensions route needs: ShellLayout and ExtensionsView (router/routes.ts),
 *   which the router loads right after sign-in.
 * Every other chunk is loaded on demand (a dynamic import nobody on that path takes
 * statically). Sizes are gzip -9 of each .js file, as a server with compression sends them.
 * CSS is listed apart. Prints tables; asserts nothing.
 *
 * Usage: node --import tsx bench/bundle.bench.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { printTable, progress } from '../../server/bench/support/child';
import { clientBuild } from './client-build';

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const TARGET_KB = 250;
const PANEL_ROUTE = ['src/layouts/ShellLayout.vue', 'src/views/ExtensionsView.vue'];
/** Chunks that must not be in the initial set, by the group names vite.config.ts gives them. */
const ON_DEMAND = [
  { what: 'softphone: SIP.js', pattern: /^assets\/softphone-sip-/ },
  { what: 'softphone: phone code, store and screens', pattern: /^assets\/softphone-(?!sip-)/ },
  { what: 'admin pages (settings, users)', pattern: /^assets\/(admin|Settings)/ },
  { what: 'on-call admin screens', pattern: /OnCall(Members|Divisions|Calendar|Audit|Notifications)View/ },
  { what: 'charts: Chart.js and the Reports view', pattern: /^assets\/(charts|ReportsView)-/ },
  { what: 'call log view', pattern: /^assets\/HistoryView-/ },
];

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

function staticClosure(manifest: Manifest, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  roots.forEach(visit);
  return seen;
}

progress('building the client (production config, private folder)');
const built = await clientBuild();
try {
  if (built.seconds > 0) progress(`built in ${built.seconds.toFixed(0)} s`);
  const manifest = JSON.parse(readFileSync(join(built.outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entryKey) throw new Error('the manifest has no entry');
  const missing = PANEL_ROUTE.filter((key) => !manifest[key]);
  if (missing.length > 0) throw new Error(`the manifest has no ${missing.join(', ')}: did router/routes.ts change?`);

  const gz = new Map<string, number>();
  const gzipOf = (file: string): number => {
    const known = gz.get(file);
    if (known !== undefined) return known;
    const size = gzipSync(readFileSync(join(built.outDir, file)), { level: 9 }).length;
    gz.set(file, size);
    return size;
  };
  const atStart = staticClosure(manifest, [entryKey]);
  const forPanel = staticClosure(manifest, [entryKey, ...PANEL_ROUTE]);
  const files = (keys: Iterable<string>): string[] => [...new Set([...keys].map((key) => manifest[key]?.file ?? key))].filter((file) => file.endsWith('.js'));
  const initialFiles = files(forPanel);
  const initialGz = initialFiles.reduce((sum, file) => sum + gzipOf(file), 0);
  const cssFiles = [...new Set([...forPanel].flatMap((key) => manifest[key]?.css ?? []))];
  const cssGz = cssFiles.reduce((sum, file) => sum + gzipOf(file), 0);

  console.log('\nInitial JavaScript of the panel (sign-in → Extensions), gzip -9\n');
  printTable(
    ['chunk', 'why it loads', 'gz KB', 'raw KB'],
    initialFiles
      .map((file) => [file.replace('assets/', ''), atStart.has(Object.keys(manifest).find((key) => manifest[key]?.file === file) ?? '') ? 'entry / modulepreload' : 'Extensions route', kb(gzipOf(file)), kb(readFileSync(join(built.outDir, file)).length)])
      .sort((a, b) => Number(b[2]) - Number(a[2])),
  );

  console.log('\nTarget\n');
  printTable(
    ['measure', 'target', 'measured', 'met'],
    [
      ['initial JS, gzipped', `< ${TARGET_KB} KB`, `${kb(initialGz)} KB in ${initialFiles.length} files`, initialGz < TARGET_KB * 1024 ? 'yes' : 'no'],
      ...ON_DEMAND.map(({ what, pattern }) => {
        const chunks = Object.values(manifest).filter((chunk) => pattern.test(chunk.file));
        const eager = chunks.filter((chunk) => initialFiles.includes(chunk.file));
        const measured = chunks.length === 0 ? 'no such chunk' : eager.length > 0 ? `in the initial set: ${eager.map((c) => c.file).join(', ')}` : `on demand (${chunks.length} chunk${chunks.length > 1 ? 's' : ''}, ${kb(chunks.reduce((sum, c) => sum + gzipOf(c.file), 0))} KB gz)`;
        return [`${what} split off`, 'loaded on demand', measured, chunks.length > 0 && eager.length === 0 ? 'yes' : 'no'];
      }),
    ],
  );
  console.log(`\nAlso loaded at start: ${cssFiles.length} CSS files, ${kb(cssGz)} KB gz.`);

  console.log('\nOn-demand chunks, largest first\n');
  const lazy = [...new Set(Object.values(manifest).map((chunk) => chunk.file))].filter((file) => file.endsWith('.js') && !initialFiles.includes(file));
  printTable(
    ['chunk', 'gz KB'],
    lazy.map((file) => [file.replace('assets/', ''), kb(gzipOf(file))]).sort((a, b) => Number(b[1]) - Number(a[1])),
  );
} finally {
  built.dispose();
}
