// Compiles the server and CLI into dist/cli.js and the client islands into dist/assets/islands.js (npm start serves
// this build; `npm run dev` rebuilds both on every change, see scripts/dev.mjs).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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

/**
 * The static assets compressed once here (brotli 11, gzip 9) rather than in each server process: written beside the
 * build as `<name>.<content hash><ext>.br|.gz`, which src/server/assets.ts serves when the hash matches what it loaded
 * (a file changed since the build is compressed on its first request instead). Decision 040.
 */
export function precompressAssets() {
  const written = new Set();
  for (const file of [
    join(root, 'src', 'assets', 'site.css'),
    join(root, 'src', 'assets', 'favicon.svg'),
    buildOptions.islands.outfile,
  ]) {
    const body = readFileSync(file);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const ext = extname(file);
    const stem = join(root, 'dist', 'assets', `${basename(file, ext)}.${hash}${ext}`);
    writeFileSync(`${stem}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${stem}.gz`, gzipSync(body, { level: 9 }));
    written.add(basename(`${stem}.br`)).add(basename(`${stem}.gz`));
  }
  // Forms of earlier builds' files are never served again.
  for (const name of readdirSync(join(root, 'dist', 'assets'))) {
    if (/\.(br|gz)$/.test(name) && !written.has(name)) rmSync(join(root, 'dist', 'assets', name));
  }
}

export async function build() {
  await Promise.all([
    esbuild.build(buildOptions.server),
    esbuild.build(buildOptions.relatedThread),
    esbuild.build(buildOptions.islands),
  ]);
  precompressAssets();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
