// A synthetic catalog of any size for the related-films benchmark (bench/related-bench.mjs), built from the 36k
// Wikipedia films: copy 0 is the data set as it is; copy c ≥ 1 of a film gets
//   - a title with one invented word appended (from COPY_WORDS, the same word for the whole copy), so no copy reads as
//     a numbered sequel of another (which would fire the series signal on every pair of copies);
//   - its year moved by c mod 3, so copies spread over neighbouring years as remakes do;
//   - a synopsis with about one word in five dropped (a fixed hash of film, copy and word position decides), so
//     copies are near and not exact duplicates, and term frequencies grow with the catalog as in a real one;
//   - the same cast and genres, so a person's film count grows with the catalog;
//   - its own source key (href + "__copy" + c), so the importer stores it as a new film.
// Films are taken copy by copy, decade by decade, until `target` films; written as wikipedia-json .json.gz files.
// Usage: node bench/related-catalog.mjs OUT_DIR TARGET
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const COPY_WORDS = ['', 'Quorvane', 'Belastro', 'Tumbridge', 'Kesselrun', 'Ombravel', 'Sturnholm', 'Dravik'];

function hash(...parts) {
  let h = 2166136261;
  for (const c of parts.join('|')) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** Write the catalog into `outDir`; returns the files written and the number of films. */
export function writeSyntheticCatalog(dataDir, outDir, target) {
  const files = fs
    .readdirSync(dataDir)
    .filter((f) => /^movies-\d{4}s\.json\.gz$/.test(f))
    .sort();
  const decades = files.map((f) => JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dataDir, f))).toString()));
  fs.mkdirSync(outDir, { recursive: true });
  const written = [];
  let films = 0;
  for (let copy = 0; films < target && copy < COPY_WORDS.length; copy++) {
    for (let d = 0; d < decades.length && films < target; d++) {
      const out = [];
      for (const film of decades[d]) {
        if (films >= target) break;
        films++;
        if (copy === 0) {
          out.push(film);
          continue;
        }
        const extract = (film.extract ?? '')
          .split(' ')
          .filter((_, i) => hash(film.href, copy, i) % 5 !== 0)
          .join(' ');
        out.push({
          ...film,
          title: `${film.title} ${COPY_WORDS[copy]}`,
          year: typeof film.year === 'number' ? film.year + (copy % 3) : film.year,
          extract,
          href: `${film.href}__copy${copy}`,
          thumbnail: undefined,
        });
      }
      const file = path.join(outDir, `movies-c${copy}-${files[d]}`);
      fs.writeFileSync(file, zlib.gzipSync(JSON.stringify(out)));
      written.push(file);
    }
  }
  return { files: written, films };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [outDir, target] = process.argv.slice(2);
  const dataDir =
    process.env.RELATED_DATA_DIR ??
    path.resolve(fileURLToPath(new URL('..', import.meta.url)), '../shared/data/wikipedia-movie-data-us');
  const { files, films } = writeSyntheticCatalog(dataDir, outDir, Number(target));
  console.log(`${films} films in ${files.length} files under ${outDir}`);
}
