import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** The package root, found from this module whether it runs from src/ (tests) or from the dist/ bundle. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the running module');
    dir = parent;
  }
  return dir;
}

export interface StaticAsset {
  /** Content-hashed URL, so the file can be cached forever and still change on deploy. */
  href: string;
  body: Buffer;
  contentType: string;
}

function loadAsset(file: string, contentType: string): StaticAsset {
  const body = fs.readFileSync(path.join(packageRoot(), 'src', 'assets', file));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const ext = path.extname(file);
  return { href: `/assets/${path.basename(file, ext)}.${hash}${ext}`, body, contentType };
}

/** The client islands, bundled and minified in memory at start-up (tens of milliseconds, no build step to forget). */
function buildIslands(): StaticAsset {
  const result = buildSync({
    entryPoints: [path.join(packageRoot(), 'src', 'client', 'islands.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    write: false,
    logLevel: 'silent',
  });
  const body = Buffer.from(result.outputFiles[0]!.contents);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { href: `/assets/islands.${hash}.js`, body, contentType: 'text/javascript; charset=utf-8' };
}

export interface SiteAssets {
  stylesheet: StaticAsset;
  favicon: StaticAsset;
  islands: StaticAsset;
}

export function loadAssets(): SiteAssets {
  return {
    stylesheet: loadAsset('site.css', 'text/css; charset=utf-8'),
    favicon: loadAsset('favicon.svg', 'image/svg+xml'),
    islands: buildIslands(),
  };
}
