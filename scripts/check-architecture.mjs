#!/usr/bin/env node
// The dependency rule of docs/architecture.md as code: `npm run validate` fails when an import breaks it or when
// modules (or folders) import each other in a cycle. A small scanner instead of dependency-cruiser or madge: both
// parse TypeScript through the `typescript` package's compiler API, which TypeScript 7 (the native compiler this
// project type-checks with) no longer ships. Imports are read from source text, type-only imports included: a type
// import ties two folders together as much as a value import does.
//
// Usage: node scripts/check-architecture.mjs [--report]   (--report prints the figures even when all is well)
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const srcDir = path.join(root, 'src');
const report = process.argv.includes('--report');

/** Every non-test source file under src/, as a path relative to the repository root. */
function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  }
  return out;
}

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Relative imports of a file, resolved to repository paths (`./x.js` is the TypeScript file `x.ts` or `x.tsx`). */
function importsOf(file) {
  // Comments may quote an import; drop them first (line and block comments, not inside strings: good enough for
  // this codebase's style, where strings never contain comment markers next to `from`).
  const text = fs
    .readFileSync(path.join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found = new Set();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const spec = match[1];
      if (!spec.startsWith('.')) continue;
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const stem = base.replace(/\.js$/, '');
      const target = [`${stem}.ts`, `${stem}.tsx`, `${base}`].find((candidate) =>
        fs.existsSync(path.join(root, candidate)),
      );
      if (target?.startsWith('src/')) found.add(target);
    }
  }
  return [...found];
}

/** The unit the folder rules speak of: `features/<name>`, or the top folder under src (`lib`, `db`, `server`, …). */
function unitOf(file) {
  const parts = file.split('/');
  if (parts[1] === 'features') return `features/${parts[2]}`;
  return parts.length > 2 ? parts[1] : `(root)/${parts[1]}`;
}

/** A file's role inside its feature, from its name: routes, service, repository, view, table, … */
function roleOf(file) {
  if (/\/views\//.test(file)) return 'view';
  const name = path.posix.basename(file);
  if (/\.routes\.tsx?$|\.api\.tsx?$|\.plugin\.ts$/.test(name)) return 'routes';
  if (/\.repository\.ts$/.test(name)) return 'repository';
  if (/\.table\.ts$/.test(name)) return 'table';
  if (/\.service\.ts$/.test(name)) return 'service';
  if (name === 'index.ts') return 'index';
  return 'other';
}

/**
 * The rule. Each entry: files matching `from` must not import files matching `to` (unless `unless` matches the
 * pair). Messages say what to do instead.
 */
const RULES = [
  {
    name: 'lib-is-a-leaf',
    from: (f) => f.startsWith('src/lib/'),
    to: (t) => !t.startsWith('src/lib/'),
    why: 'lib/ holds framework-free helpers and depends on nothing else in src/',
  },
  {
    name: 'kernel-below-features',
    from: (f) => f.startsWith('src/kernel/'),
    to: (t) => t.startsWith('src/features/') || t.startsWith('src/server/') || t.startsWith('src/cli'),
    why: 'the kernel sits below the features: features import it, never the other way round',
  },
  {
    name: 'shared-views-take-props',
    from: (f) => f.startsWith('src/views/'),
    to: (t) => t.startsWith('src/features/') || t.startsWith('src/server/') || t.startsWith('src/db/'),
    why: 'shared views take props only; a feature passes what they show',
  },
  {
    name: 'db-below-features',
    from: (f) => f.startsWith('src/db/'),
    // The Database type is assembled from every feature's *.table.ts (types only): the one sanctioned link upward.
    to: (t) => (t.startsWith('src/features/') && roleOf(t) !== 'table') || t.startsWith('src/server/'),
    why: 'db/ knows table shapes (*.table.ts), nothing else of the features',
  },
  {
    name: 'features-below-server',
    from: (f) => f.startsWith('src/features/'),
    to: (t) => t.startsWith('src/server/') || t === 'src/app.ts' || t === 'src/main.ts' || t.startsWith('src/cli'),
    why: 'the composition root (server/) imports the features, not the other way round',
  },
  {
    name: 'features-through-index',
    from: (f) => f.startsWith('src/features/'),
    to: (t, f) => t.startsWith('src/features/') && unitOf(t) !== unitOf(f) && roleOf(t) !== 'index',
    why: "features reach each other only through the other feature's index.ts",
  },
  {
    name: 'routes-call-services',
    from: (f) => f.startsWith('src/features/') && roleOf(f) === 'routes',
    to: (t, f) =>
      (unitOf(t) === unitOf(f) && roleOf(t) === 'repository') ||
      (t.startsWith('src/db/') && !/src\/db\/database\.ts$/.test(t)),
    why: 'routes parse, call a service and render; SQL lives in repositories behind services',
  },
  {
    name: 'services-know-no-http',
    from: (f) => f.startsWith('src/features/') && (roleOf(f) === 'service' || roleOf(f) === 'repository'),
    to: (t) => roleOf(t) === 'routes' || roleOf(t) === 'view' || t.startsWith('src/views/'),
    why: 'services and repositories know nothing of routes or views',
  },
  {
    name: 'repositories-are-the-bottom',
    from: (f) => f.startsWith('src/features/') && roleOf(f) === 'repository',
    to: (t, f) => unitOf(t) === unitOf(f) && roleOf(t) === 'service',
    why: 'a repository is called by services, it does not call them',
  },
  {
    name: 'views-take-props',
    from: (f) => f.startsWith('src/features/') && roleOf(f) === 'view',
    to: (t) => ['repository', 'service', 'routes'].includes(roleOf(t)) || t.startsWith('src/db/'),
    why: 'views render the props they are given; they fetch nothing',
  },
  {
    name: 'cli-calls-services',
    from: (f) => f.startsWith('src/cli'),
    to: (t) => t.startsWith('src/features/') && roleOf(t) === 'repository',
    why: 'CLI commands call services, never repositories',
  },
];

/** Strongly connected components with more than one member (Tarjan), i.e. the cycles of a graph. */
function cyclesOf(graph) {
  let index = 0;
  const stack = [];
  const onStack = new Set();
  const indices = new Map();
  const low = new Map();
  const components = [];
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), indices.get(next)));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return components;
}

const files = sourceFiles(srcDir).sort();
const moduleGraph = new Map(files.map((file) => [file, importsOf(file)]));

const violations = [];
for (const [file, targets] of moduleGraph) {
  for (const target of targets) {
    for (const rule of RULES) {
      if (rule.from(file) && rule.to(target, file)) violations.push({ rule, file, target });
    }
  }
}

const moduleCycles = cyclesOf(moduleGraph);

// Folder graph: an edge between two units when any file of one imports a file of the other. The table-type link
// (db/database.ts → features/*/x.table.ts) is left out: it is types only and sanctioned above.
const folderGraph = new Map();
for (const [file, targets] of moduleGraph) {
  const from = unitOf(file);
  if (!folderGraph.has(from)) folderGraph.set(from, new Set());
  for (const target of targets) {
    const to = unitOf(target);
    if (to === from) continue;
    if (file.startsWith('src/db/') && roleOf(target) === 'table') continue;
    folderGraph.get(from).add(to);
  }
}
const folderCycles = cyclesOf(new Map([...folderGraph].map(([k, v]) => [k, [...v]])));

const failed = violations.length > 0 || moduleCycles.length > 0 || folderCycles.length > 0;
if (failed || report) {
  for (const { rule, file, target } of violations) {
    console.log(`${file} → ${target}\n    ${rule.name}: ${rule.why}`);
  }
  for (const cycle of moduleCycles) console.log(`module cycle (${cycle.length} files): ${cycle.join(' ↔ ')}`);
  for (const cycle of folderCycles) console.log(`folder cycle: ${cycle.join(' ↔ ')}`);
}
const largest = files
  .map((file) => ({ file, lines: fs.readFileSync(path.join(root, file), 'utf8').split('\n').length }))
  .sort((a, b) => b.lines - a.lines)[0];
const summary =
  `architecture: ${files.length} modules, ${violations.length} rule violations, ${moduleCycles.length} module ` +
  `cycles (${moduleCycles.reduce((n, c) => n + c.length, 0)} files), ${folderCycles.length} folder cycles; ` +
  `largest file ${largest?.file} (${largest?.lines} lines)`;
console.log(summary);
process.exit(failed ? 1 : 0);
