// Builds data/spam-corpus/movie-talk-ham.txt: legitimate, comment-sized movie talk for the spam filter's training,
// taken from Pang & Lee's polarity v2.0 reviews (../shared/data/pang-lee-movie-review-data, CC BY 4.0). Only reviews
// cv000–cv899 are used, so cv900–cv999 and the other Pang & Lee sets stay unseen for `npm run eval:spam`.
// Deterministic: chunks of 1–3 consecutive sentences, every k-th chunk, lightly detokenised (the source is lower-cased
// and tokenised: "it 's a film , " → "It's a film, ").
// Usage: node scripts/make-movie-talk-ham.mjs [count] [source-dir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const count = Number(process.argv[2] ?? 700);
const sourceDir = process.argv[3] ?? path.join(root, '..', 'shared', 'data', 'pang-lee-movie-review-data');
const HELD_OUT_FROM = 900;

const reviews = zlib
  .gunzipSync(fs.readFileSync(path.join(sourceDir, 'movie_reviews', 'movie_reviews.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line))
  .filter((review) => Number(/cv(\d+)/.exec(review.file)[1]) < HELD_OUT_FROM);

const detokenise = (text) =>
  text
    .replace(/ ([,.;:!?)'])/g, '$1')
    .replace(/\( /g, '(')
    .replace(/ n't/g, "n't")
    .replace(/\bi\b/g, 'I')
    .replace(/(^|[.!?] )([a-z])/g, (_, before, letter) => before + letter.toUpperCase())
    .replace(/ " ([^"]*) "/g, ' "$1"')
    .trim();

const chunks = [];
for (const review of reviews) {
  const sentences = review.text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
  for (let i = 0; i < sentences.length; ) {
    const size = 1 + (i % 3);
    chunks.push(detokenise(sentences.slice(i, i + size).join(' ')));
    i += size;
  }
}
const step = chunks.length / count;
const picked = Array.from({ length: count }, (_, i) => chunks[Math.floor(i * step)]);
const out = path.join(root, 'data', 'spam-corpus', 'movie-talk-ham.txt');
fs.writeFileSync(out, `${picked.join('\n')}\n`);
process.stdout.write(`${picked.length} of ${chunks.length} chunks written to ${out}\n`);
