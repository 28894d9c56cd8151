import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { packageRoot } from '../../lib/package-root.js';
import { runImport } from '../importers/index.js';
import { FIRST_SET as CASES } from './relevance/sets.js';
import { searchFilms } from './search.service.js';

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
