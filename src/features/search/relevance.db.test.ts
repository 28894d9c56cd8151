import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { packageRoot } from '../../lib/package-root.js';
import { runImport } from '../importers/index.js';
import {
  FIRST_SET as CASES,
  DEV_FAMOUS,
  DEV_RANDOM,
  HELD_OUT,
  HELD_OUT_2,
  type RelevanceCase,
} from './relevance/sets.js';
import { searchFilms } from './search.service.js';

/**
 * Beside the checkout (or WIKIPEDIA_MOVIE_DATA), never committed (see its SOURCE.md); the tests are skipped without it.
 * A worktree sits one level deeper than the main checkout, hence the second place.
 */
const DATA_DIR =
  [
    process.env.WIKIPEDIA_MOVIE_DATA,
    path.resolve(packageRoot(), '..', 'shared', 'data', 'wikipedia-movie-data-us'),
    path.resolve(packageRoot(), '..', '..', 'shared', 'data', 'wikipedia-movie-data-us'),
  ].find((dir) => dir && fs.existsSync(dir)) ?? 'wikipedia-movie-data-us (WIKIPEDIA_MOVIE_DATA)';
const DATA_FILES = fs.existsSync(DATA_DIR)
  ? fs
      .readdirSync(DATA_DIR)
      .filter((f) => /^movies-\d{4}s\.json\.gz$/.test(f))
      .sort()
      .map((f) => path.join(DATA_DIR, f))
  : [];

/**
 * The share of each set found in the top 3 that must hold (measured on both databases when decision 038 was written,
 * the lower of the two and a little below, so a change that loses cases fails here and says which). The held-out sets
 * were measured once each at the end of their round (023: seed 19; 038: seed 38); seed 19 has been tuned on since.
 */
const FLOORS: Array<[name: string, cases: RelevanceCase[], floor: number]> = [
  ['first set, on the whole data set', CASES, 0.9],
  ['held-out (random, seed 19)', HELD_OUT, 0.94],
  ['dev (random, seed 7)', DEV_RANDOM, 0.97],
  ['dev (well-known films)', DEV_FAMOUS, 0.93],
  ['held-out 2 (random and well-known, seed 38)', HELD_OUT_2, 0.94],
];

const DEMO_CATALOG = path.join(packageRoot(), 'data', 'demo', 'films.json.gz');

describeEachDialect('search relevance on the demo catalog', (dialect) => {
  let t: TestDatabase;
  const misses: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await runImport(t.db, { file: DEMO_CATALOG, format: 'wikipedia-json' });
  }, 300_000);

  afterAll(async () => {
    if (misses.length) process.stdout.write(`[relevance demo ${dialect}] misses:\n${misses.join('\n')}\n`);
    process.stdout.write(`[relevance demo ${dialect}] ${CASES.length - misses.length}/${CASES.length} in the top 3\n`);
    await t?.destroy();
  });

  it.each(CASES)('%s: "%s" finds %s (%i) in the top 3', async (_kind, query, title, year) => {
    const top = await top3(t, query);
    if (!top.includes(`${title} (${year})`)) misses.push(`  "${query}" → ${top.join(' | ') || 'nothing'}`);
    expect(top).toContain(`${title} (${year})`);
  });
});

async function top3(t: TestDatabase, query: string): Promise<string[]> {
  const result = await searchFilms(t.db, query, { filter: {}, sort: 'relevance', limit: 3, offset: 0 });
  return result.hits.map((h) => `${h.title} (${h.year})`);
}

if (DATA_FILES.length === 0) {
  process.stdout.write(`[relevance] ${DATA_DIR} is absent: the relevance sets are skipped\n`);
  describe.skip('search relevance on the Wikipedia movie data (data set absent)', () => {
    it('needs the data set', () => {});
  });
} else {
  describeEachDialect('search relevance on the Wikipedia movie data', (dialect) => {
    let t: TestDatabase;

    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      for (const file of DATA_FILES) await runImport(t.db, { file, format: 'wikipedia-json' });
    }, 900_000);

    afterAll(async () => {
      await t?.destroy();
    });

    it.each(FLOORS)(
      '%s: at least the share measured is in the top 3',
      { timeout: 120_000 },
      async (name, cases, floor) => {
        const missed: string[] = [];
        const byKind = new Map<string, [found: number, of: number]>();
        for (const [kind, query, title, year] of cases) {
          const top = await top3(t, query);
          const found = top.includes(`${title} (${year})`);
          const [n, of] = byKind.get(kind) ?? [0, 0];
          byKind.set(kind, [n + (found ? 1 : 0), of + 1]);
          if (!found) missed.push(`  [${kind}] "${query}" wants ${title} (${year}) → ${top.join(' | ') || 'nothing'}`);
        }
        const share = (cases.length - missed.length) / cases.length;
        const kinds = [...byKind].map(([k, [n, of]]) => `${k} ${n}/${of}`).join(', ');
        process.stdout.write(
          `[relevance ${dialect}] ${name}: ${cases.length - missed.length}/${cases.length} = ${(100 * share).toFixed(1)}% (${kinds})\n${missed.join('\n')}\n`,
        );
        expect(share).toBeGreaterThanOrEqual(floor);
      },
    );

    it('reports the time searchFilms takes in process over every set (no limit asserted: the machine is shared)', async () => {
      const queries = [...CASES, ...HELD_OUT, ...DEV_RANDOM, ...DEV_FAMOUS, ...HELD_OUT_2].map((c) => c[1]);
      const times: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const q of queries) {
          const started = performance.now();
          await searchFilms(t.db, q, { filter: {}, sort: 'relevance', limit: 10, offset: 0 });
          if (round > 0) times.push(performance.now() - started);
        }
      }
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!.toFixed(1);
      process.stdout.write(
        `[relevance ${dialect}] searchFilms: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${times.length} runs)\n`,
      );
      expect(times.length).toBe(queries.length * 2);
    }, 180_000);
  });
}
