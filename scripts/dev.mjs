// `npm run dev`: rebuild the server and the islands on every source change, and restart the server when its build or
// the stylesheet changes (node --watch). The first build runs before the server starts, so it never serves stale code.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildOptions } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const contexts = await Promise.all([
  esbuild.context(buildOptions.server),
  esbuild.context(buildOptions.relatedThread),
  esbuild.context(buildOptions.islands),
]);
await Promise.all(contexts.map((context) => context.rebuild()));
await Promise.all(contexts.map((context) => context.watch()));

const server = spawn(
  process.execPath,
  ['--watch-path=dist', '--watch-path=src/assets', '--enable-source-maps', 'dist/cli.js', 'serve'],
  { cwd: root, stdio: 'inherit' },
);
const stop = async () => {
  server.kill('SIGTERM');
  await Promise.all(contexts.map((context) => context.dispose()));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
