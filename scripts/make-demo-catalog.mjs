// Builds data/demo/films.json.gz: a deterministic, decade- and genre-balanced subset of the Wikipedia movie data
// (../shared/data/wikipedia-movie-data-us), in the same format, without the non-free poster URLs.
// Usage: node scripts/make-demo-catalog.mjs [source-dir]
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = process.argv[2] ?? path.join(root, '..', 'shared', 'data', 'wikipedia-movie-data-us');
const PER_DECADE = 280;
const PER_GENRE_MIN = 12;

const rank = (f) => createHash('sha1').update(`${f.year}/${f.title}`).digest('hex');
const files = fs
  .readdirSync(sourceDir)
  .filter((f) => /^movies-\d{4}s\.json\.gz$/.test(f))
  .sort();
const chosen = new Map();
const all = [];
for (const file of files) {
  const films = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(sourceDir, file))).toString('utf8'));
  const usable = films
    .filter((f) => typeof f.extract === 'string' && f.extract.length >= 120 && f.genres?.length && f.href)
    .sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
  all.push(...usable);
  for (const f of usable.slice(0, PER_DECADE)) chosen.set(`${f.year}/${f.title}`, f);
}
// Top up rare genres so every genre of the source appears in the demo.
const genreCount = new Map();
for (const f of chosen.values()) for (const g of f.genres) genreCount.set(g, (genreCount.get(g) ?? 0) + 1);
const allGenres = new Set(all.flatMap((f) => f.genres));
for (const genre of allGenres) {
  for (const f of all) {
    if ((genreCount.get(genre) ?? 0) >= PER_GENRE_MIN) break;
    const key = `${f.year}/${f.title}`;
    if (!f.genres.includes(genre) || chosen.has(key)) continue;
    chosen.set(key, f);
    for (const g of f.genres) genreCount.set(g, (genreCount.get(g) ?? 0) + 1);
  }
}
const out = [...chosen.values()]
  .sort((a, b) => a.year - b.year || (a.title < b.title ? -1 : 1))
  .map(({ title, year, cast, genres, href, extract }) => ({ title, year, cast, genres, href, extract }));
fs.mkdirSync(path.join(root, 'data', 'demo'), { recursive: true });
const gz = zlib.gzipSync(JSON.stringify(out), { level: 9 });
fs.writeFileSync(path.join(root, 'data', 'demo', 'films.json.gz'), gz);
console.log(`${out.length} films, ${allGenres.size} genres, ${gz.length} bytes gzipped`);
