// Builds src/features/search/relevance/evaluate.ts with esbuild into dist/ and runs it with the same
// arguments (see that file). A developer tool: the record of the figures is relevance.db.test.ts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
// Inside dist/ (not committed), where packages resolve from the project's node_modules.
const outfile = path.join(root, 'dist', 'relevance-evaluate.mjs');
await esbuild.build({
  entryPoints: [path.join(root, 'src', 'features', 'search', 'relevance', 'evaluate.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exitCode = run.status ?? 1;
