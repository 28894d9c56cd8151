import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { packageRoot } from '../../lib/package-root.js';
import { runImport } from '../importers/index.js';
import { searchFilms } from './search.service.js';

/**
 * The relevance set: queries a visitor would type, each with the demo-catalog film (data/demo) that must be among the
 * first three results. Kinds: exact title, partial (prefix, words left out), typo, person (cast or director), plot
 * words from the synopsis, plus accents, numerals and articles.
 */
const CASES: Array<[kind: string, query: string, title: string, year: number]> = [
  ['exact', 'the godfather', 'The Godfather', 1972],
  ['exact', 'goodfellas', 'Goodfellas', 1990],
  ['exact', 'avatar', 'Avatar', 2009],
  ['exact', 'gladiator', 'Gladiator', 2000],
  ['exact', 'taxi driver', 'Taxi Driver', 1976],
  ['exact', 'a clockwork orange', 'A Clockwork Orange', 1971],
  ['exact', 'the exorcist', 'The Exorcist', 1973],
  ['exact', 'the sting', 'The Sting', 1973],
  ['exact', 'heathers', 'Heathers', 1988],
  ['exact', 'titanic', 'Titanic', 1997],
  ['partial', 'goodfel', 'Goodfellas', 1990],
  ['partial', 'clockwork', 'A Clockwork Orange', 1971],
  ['partial', 'parallax', 'The Parallax View', 1974],
  ['partial', 'jurassic world fallen', 'Jurassic World: Fallen Kingdom', 2018],
  ['partial', 'phantom menace', 'Star Wars: Episode I – The Phantom Menace', 1999],
  ['partial', 'ghost protocol', 'Mission: Impossible – Ghost Protocol', 2011],
  ['partial', 'last picture', 'The Last Picture Show', 1971],
  ['numerals', 'rocky 3', 'Rocky III', 1982],
  ['numerals', 'superman 2', 'Superman II', 1980],
  ['numerals', 'karate kid part 3', 'The Karate Kid Part III', 1989],
  ['numerals', 'star trek 5', 'Star Trek V: The Final Frontier', 1989],
  ['numerals', 'deathly hallows part two', 'Harry Potter and the Deathly Hallows – Part 2', 2011],
  ['numerals', 'teenage mutant ninja turtles 3', 'Teenage Mutant Ninja Turtles III', 1993],
  ['accents', 'arsene lupin', 'Arsène Lupin Returns', 1938],
  ['accents', 'mancora', 'Máncora', 2009],
  ['accents', 'andre and wally', 'The Adventures of André & Wally B.', 1984],
  ['articles', 'man with golden gun', 'The Man with the Golden Gun', 1974],
  ['articles', 'jaws revenge', 'Jaws: The Revenge', 1987],
  ['articles', 'mission impossible dead reckoning', 'Mission: Impossible – Dead Reckoning Part One', 2023],
  ['typo', 'godfathr', 'The Godfather', 1972],
  ['typo', 'gladiater', 'Gladiator', 2000],
  ['typo', 'goodfelas', 'Goodfellas', 1990],
  ['typo', 'exorsist', 'The Exorcist', 1973],
  ['typo', 'taxi drivr', 'Taxi Driver', 1976],
  ['typo', 'jurasic world', 'Jurassic World', 2015],
  ['typo', 'parallex view', 'The Parallax View', 1974],
  ['typo', 'star wors clone', 'Star Wars: The Clone Wars', 2008],
  ['typo', 'heathrs', 'Heathers', 1988],
  ['person', 'john cazale', 'The Godfather', 1972],
  ['person', 'linda blair', 'The Exorcist', 1973],
  ['person', 'julie delpy', 'Before Sunset', 2004],
  ['person', 'courtney hunt', 'Frozen River', 2008],
  ['person', 'jenette goldstein', 'Aliens', 1986],
  ['person', 'ricardo de montreuil', 'Máncora', 2009],
  ['person', 'joe pesci', 'Goodfellas', 1990],
  ['plot', 'grifters con mob boss', 'The Sting', 1973],
  ['plot', 'smuggling immigrants canada', 'Frozen River', 2008],
  ['plot', 'demonic possession priests', 'The Exorcist', 1973],
  ['plot', 'ripley colonial marines', 'Aliens', 1986],
  ['plot', 'scaramanga solex', 'The Man with the Golden Gun', 1974],
  ['plot', 'renegade vulcan sybok', 'Star Trek V: The Final Frontier', 1989],
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
    if (misses.length) process.stdout.write(`[relevance ${dialect}] misses:\n${misses.join('\n')}\n`);
    process.stdout.write(`[relevance ${dialect}] ${CASES.length - misses.length}/${CASES.length} in the top 3\n`);
    await t?.destroy();
  });

  it.each(CASES)('%s: "%s" finds %s (%i) in the top 3', async (_kind, query, title, year) => {
    const result = await searchFilms(t.db, query, { filter: {}, sort: 'relevance', limit: 3, offset: 0 });
    const top = result.hits.map((h) => `${h.title} (${h.year})`);
    if (!top.includes(`${title} (${year})`)) misses.push(`  "${query}" → ${top.join(' | ') || 'nothing'}`);
    expect(top).toContain(`${title} (${year})`);
  });
});
