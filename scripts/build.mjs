// Compiles the server and CLI into dist/cli.js and the client islands into dist/assets/islands.js (npm start serves
// this build; `npm run dev` rebuilds both on every change, see scripts/dev.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild options for the two outputs, shared with the watcher. */
export const buildOptions = {
  server: {
    entryPoints: [join(root, 'src', 'cli.ts')],
    outfile: join(root, 'dist', 'cli.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: true,
    logLevel: 'warning',
  },
  // The related-films worker thread (src/features/related/related.thread.ts), started by the server beside cli.js.
  relatedThread: {
    entryPoints: [join(root, 'src', 'features', 'related', 'related.thread.ts')],
    outfile: join(root, 'dist', 'related-thread.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: true,
    logLevel: 'warning',
  },
  islands: {
    entryPoints: [join(root, 'src', 'client', 'islands.ts')],
    outfile: join(root, 'dist', 'assets', 'islands.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    logLevel: 'warning',
  },
};

export async function build() {
  await Promise.all([
    esbuild.build(buildOptions.server),
    esbuild.build(buildOptions.relatedThread),
    esbuild.build(buildOptions.islands),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
