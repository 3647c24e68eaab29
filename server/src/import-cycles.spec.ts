import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Guards the server's structure (issue 20): no import cycles between files, none between rooms
 * (the folders under src/: lib, http, each domain), http/ knows no domain and lib/ knows nothing
 * of the app. Cycles made AppError and the route list depend on load order; this brings them back
 * to a failing test instead of a start-up crash.
 */

const SRC = dirname(fileURLToPath(import.meta.url));

interface ImportEdge {
  to: string;
  /** `import type` / `export type … from`: erased when compiled, so no load-order effect. */
  typeOnly: boolean;
}

type ImportGraph = Map<string, ImportEdge[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** Relative imports of one file, including `export … from` and `import()`. */
function importsOf(path: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((entry) => entry.specifier.startsWith('.'));
}

/** Files of src/ (tests excluded) and their relative imports, paths relative to src/. */
function buildImportGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root)) {
    const edges: ImportEdge[] = [];
    for (const { specifier, typeOnly } of importsOf(file)) {
      const target = resolveImport(file, specifier);
      if (target) edges.push({ to: relative(root, target), typeOnly });
    }
    graph.set(relative(root, file), edges);
  }
  return graph;
}

/** Strongly connected components with more than one member (or a self-import): each is a cycle. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** `users/users.service.ts` → `users`; files directly in src/ (app.ts, domains.ts, main.ts) are the composition root. */
const roomOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '(root)');

function roomGraph(graph: ImportGraph): Map<string, string[]> {
  const rooms = new Map<string, Set<string>>();
  for (const [file, edges] of graph) {
    const from = roomOf(file);
    const targets = rooms.get(from) ?? new Set<string>();
    rooms.set(from, targets);
    for (const edge of edges) if (roomOf(edge.to) !== from) targets.add(roomOf(edge.to));
  }
  return new Map([...rooms].map(([room, targets]) => [room, [...targets].sort()]));
}

/** Which file imports which across the rooms of a cycle, so a failure says where to look. */
function explain(graph: ImportGraph, rooms: readonly string[]): string[] {
  return [...graph].flatMap(([file, edges]) =>
    edges.filter((edge) => roomOf(file) !== roomOf(edge.to) && rooms.includes(roomOf(file)) && rooms.includes(roomOf(edge.to))).map((edge) => `${file} -> ${edge.to}`),
  );
}

/**
 * Imports production must not make: the simulator (server/simulator, outside src/) and test
 * helpers (`testing/` folders). Walks every file `entry` loads, type imports included, and
 * returns the offending `file -> target` edges.
 */
function testOnlyImports(graph: ImportGraph, entry: string): string[] {
  const isTestOnly = (file: string): boolean => file.startsWith('../simulator/') || file.split('/').includes('testing');
  const seen = new Set<string>([entry]);
  const queue = [entry];
  const offending: string[] = [];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const edge of graph.get(file) ?? []) {
      if (isTestOnly(edge.to)) offending.push(`${file} -> ${edge.to}`);
      else if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return offending;
}

const graph = buildImportGraph(SRC);

describe('server import graph', () => {
  it('reads the real source tree', () => {
    expect(graph.get('app.ts')?.map((edge) => edge.to)).toContain('http/router.ts');
    expect(graph.size).toBeGreaterThan(50);
    // Test helpers do import the simulator, and the graph sees it outside src/.
    expect(graph.get('live/testing/live-lab.ts')?.map((edge) => edge.to)).toContain('../simulator/index.ts');
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('has no import cycle between files that survives compilation', () => {
    const runtime = new Map([...graph].map(([file, edges]) => [file, edges.filter((edge) => !edge.typeOnly).map((edge) => edge.to)]));
    expect(findCycles(runtime)).toEqual([]);
  });

  it('has no cycle between rooms (lib, http, domains, composition root), type imports included', () => {
    const cycles = findCycles(roomGraph(graph));
    expect(cycles.map((rooms) => ({ rooms, imports: explain(graph, rooms) }))).toEqual([]);
  });

  it('keeps the simulator and test helpers out of production (everything main.ts loads)', () => {
    expect(testOnlyImports(graph, 'main.ts')).toEqual([]);
    // The walk reaches the domains, so an import of the simulator anywhere in them would show.
    const reachedOnCall = testOnlyImports(new Map([...graph, ['oncall/oncall.module.ts', [...(graph.get('oncall/oncall.module.ts') ?? []), { to: '../simulator/index.ts', typeOnly: true }]]]), 'main.ts');
    expect(reachedOnCall).toEqual(['oncall/oncall.module.ts -> ../simulator/index.ts']);
    const leaky: ImportGraph = new Map([
      ['main.ts', [{ to: 'a/a.ts', typeOnly: false }]],
      ['a/a.ts', [{ to: 'a/testing/fake.ts', typeOnly: true }]],
    ]);
    expect(testOnlyImports(leaky, 'main.ts')).toEqual(['a/a.ts -> a/testing/fake.ts']);
  });

  it('keeps the on-call concerns one way (audit <- line <- directory <- schedule, delivery)', () => {
    // A file at the top of oncall/ is its own node; a file in a sub-folder belongs to that folder.
    const concernOf = (file: string): string => {
      const [, sub, rest] = file.split('/');
      return rest === undefined ? `oncall/${sub}` : `oncall/${sub}/`;
    };
    const concerns = new Map<string, Set<string>>();
    for (const [file, edges] of graph) {
      if (!file.startsWith('oncall/')) continue;
      const targets = concerns.get(concernOf(file)) ?? new Set<string>();
      concerns.set(concernOf(file), targets);
      for (const edge of edges) if (edge.to.startsWith('oncall/') && concernOf(edge.to) !== concernOf(file)) targets.add(concernOf(edge.to));
    }
    const concernGraph = new Map([...concerns].map(([concern, targets]) => [concern, [...targets]]));
    expect([...concernGraph.keys()]).toEqual(expect.arrayContaining(['oncall/line/', 'oncall/directory/', 'oncall/schedule/', 'oncall/delivery/', 'oncall/audit/']));
    expect(findCycles(concernGraph)).toEqual([]);
    expect(concernGraph.get('oncall/audit/')?.filter((to) => to.endsWith('/'))).toEqual([]);
  });

  it('keeps http/ a transport that knows no domain, and lib/ free of the app', () => {
    const rooms = roomGraph(graph);
    expect(rooms.get('http')).toEqual(['lib', 'logging']);
    expect(rooms.get('lib') ?? []).toEqual([]);
  });
});
