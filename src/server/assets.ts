import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import type { SiteAssets, StaticAsset } from '../kernel/context.js';
import { packageRoot } from '../lib/package-root.js';
import { seedEncoded } from './compression.js';

function loadAsset(file: string, contentType: string): StaticAsset {
  const body = fs.readFileSync(path.join(packageRoot(), 'src', 'assets', file));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const ext = path.extname(file);
  precompressed(body, `${path.basename(file, ext)}.${hash}${ext}`);
  return { href: `/assets/${path.basename(file, ext)}.${hash}${ext}`, body, contentType };
}

/**
 * The brotli and gzip forms `npm run build` wrote for exactly these bytes (scripts/build.mjs, named by content
 * hash), kept beside the body so no request compresses it. Absent (a checkout run from src/, a file changed since the
 * build): compressed on first request as before.
 */
function precompressed(body: Buffer, name: string): void {
  const stem = path.join(packageRoot(), 'dist', 'assets', name);
  const read = (suffix: string) => (fs.existsSync(stem + suffix) ? fs.readFileSync(stem + suffix) : undefined);
  seedEncoded(body, { br: read('.br'), gzip: read('.gz') });
}

/**
 * The client islands: the bundle `npm run build` wrote to dist/assets (what `npm start` and the tests serve). Bundled
 * in memory only when no build exists (running straight from src/ without `npm run build`), so that a checkout still
 * serves working forms.
 */
function loadIslands(): StaticAsset {
  const built = path.join(packageRoot(), 'dist', 'assets', 'islands.js');
  const body = fs.existsSync(built)
    ? fs.readFileSync(built)
    : Buffer.from(
        buildSync({
          entryPoints: [path.join(packageRoot(), 'src', 'client', 'islands.ts')],
          bundle: true,
          minify: true,
          format: 'esm',
          target: ['es2022'],
          write: false,
          logLevel: 'silent',
        }).outputFiles[0]!.contents,
      );
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  precompressed(body, `islands.${hash}.js`);
  return { href: `/assets/islands.${hash}.js`, body, contentType: 'text/javascript; charset=utf-8' };
}

export function loadAssets(): SiteAssets {
  return {
    stylesheet: loadAsset('site.css', 'text/css; charset=utf-8'),
    favicon: loadAsset('favicon.svg', 'image/svg+xml'),
    islands: loadIslands(),
  };
}
