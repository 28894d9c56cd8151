import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { packageRoot } from '../../lib/package-root.js';
import { runImport } from '../importers/index.js';
import { cjkRuns } from './query.js';
import { listMatches } from './search.repository.js';
import { searchFilms, suggestFilms } from './search.service.js';

const FIXTURE = path.join(packageRoot(), 'test', 'fixtures', 'original-titles.csv');

/**
 * Films found by their original title, as a visitor of a Korean, French or Japanese movie site types it: whole,
 * without accents, in part. Each query must bring the film into the first three results on both databases.
 */
const CASES: Array<[kind: string, query: string, title: string]> = [
  ['hangul, exact', '7번방의 선물', 'Miracle in Cell No. 7'],
  ['hangul, one whole word', '선물', 'Miracle in Cell No. 7'],
  ['hangul, first letters', '7번방', 'Miracle in Cell No. 7'],
  ['hangul, one word title', '기생충', 'Parasite'],
  ['french, exact with accents', "Le Fabuleux Destin d'Amélie Poulain", 'Amélie'],
  ['french, without accents', 'fabuleux destin amelie', 'Amélie'],
  ['french, partial', 'fabuleux desti', 'Amélie'],
  ['japanese, exact', '千と千尋の神隠し', 'Spirited Away'],
  ['japanese, first characters', '千と千尋', 'Spirited Away'],
  ['japanese, voiced kana', 'ゴジラ', 'Godzilla'],
  ['chinese, exact', '臥虎藏龍', 'Crouching Tiger Hidden Dragon'],
  ['spanish, partial', 'laberinto fauno', "Pan's Labyrinth"],
  ['portuguese, exact', 'cidade de deus', 'City of God'],
  ['german, partial', 'leben anderen', 'The Lives of Others'],
  ['russian, exact', 'Левиафан', 'Leviathan'],
  ['typo', 'laberinto del fanuo', "Pan's Labyrinth"],
  // Found by substring: the indexes hold "千と千尋の神隠し" and "7번방의" as single words.
  ['japanese, end of a title', '神隠し', 'Spirited Away'],
  ['japanese, middle of a title', '千尋', 'Spirited Away'],
  ['japanese, katakana ending', 'ジラ', 'Godzilla'],
  ['hangul, middle of a word', '번방', 'Miracle in Cell No. 7'],
  ['hangul, middle of a word and a whole word', '번방 선물', 'Miracle in Cell No. 7'],
  ['chinese, middle of a title', '虎藏', 'Crouching Tiger Hidden Dragon'],
  ['chinese, end of a title', '藏龍', 'Crouching Tiger Hidden Dragon'],
];

/**
 * Made up, imported besides the fixture: a film originally titled just "神隠し" (a whole-word match for that query,
 * which must rank above Spirited Away's substring match), and a title holding the LIKE wildcard "%".
 */
const EXTRA = `title,original_title,year,synopsis,origin,language,genres,director,cast,source_id
Kamikakushi,神隠し,1999,"A made-up drama about a village where children vanish.",Japan,Japanese,Drama,Jane Doe,John Roe,ot-x1
Pure Love,100% 純愛,2005,"A made-up romance between two students.",South Korea,Korean,Romance,Kim Doe,Lee Roe,ot-x2
`;

describeEachDialect('search by original title', (dialect) => {
  let t: TestDatabase;
  const top = async (query: string, limit = 3) =>
    (await searchFilms(t.db, query, { filter: {}, sort: 'relevance', limit, offset: 0 })).hits;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    const summary = await runImport(t.db, { file: FIXTURE, format: 'csv', source: 'world' });
    expect(summary.rejected).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-cjk-'));
    try {
      fs.writeFileSync(path.join(dir, 'extra.csv'), EXTRA);
      const extra = await runImport(t.db, { file: path.join(dir, 'extra.csv'), format: 'csv', source: 'world' });
      expect(extra).toMatchObject({ inserted: 2, rejected: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
  afterAll(async () => t?.destroy());

  it.each(CASES)('%s: "%s" finds %s in the top 3', async (_kind, query, title) => {
    expect((await top(query)).map((h) => h.title)).toContain(title);
  });

  it('ranks a film titled as the query above one only originally titled so, and that above a director', async () => {
    expect((await top('cidade de deus')).map((h) => h.title).slice(0, 2)).toEqual(['Cidade de Deus', 'City of God']);
    // "Fauno Laberinto" directed Night Garden; "El laberinto del fauno" is the original title of Pan's Labyrinth.
    expect((await top('laberinto fauno')).map((h) => h.title).slice(0, 2)).toEqual(["Pan's Labyrinth", 'Night Garden']);
  });

  it('returns the original title with each hit', async () => {
    const [hit] = await top('fabuleux destin amelie', 1);
    expect(hit).toMatchObject({ title: 'Amélie', originalTitle: "Le Fabuleux Destin d'Amélie Poulain" });
  });

  it('suggests films by their original title while it is typed', async () => {
    expect((await suggestFilms(t.db, '7번방', 5)).map((s) => s.title)).toContain('Miracle in Cell No. 7');
    expect((await suggestFilms(t.db, 'fabuleux dest', 5))[0]).toMatchObject({
      title: 'Amélie',
      originalTitle: "Le Fabuleux Destin d'Amélie Poulain",
    });
  });

  it('ranks a film found by substring below the films the index finds as a word', async () => {
    const hits = await top('神隠し');
    expect(hits.map((h) => h.title).slice(0, 2)).toEqual(['Kamikakushi', 'Spirited Away']);
    expect(hits[0]!.score).toBeGreaterThan(1);
    expect(hits[1]!.score).toBeLessThan(1);
    // Matched as written, not approximately: the page does not say "close spellings".
    expect((await searchFilms(t.db, '千尋', { filter: {}, sort: 'relevance', limit: 3, offset: 0 })).approximate).toBe(
      false,
    );
  });

  it('counts and filters the films found by substring like any other match', async () => {
    const result = await searchFilms(t.db, '隠', { filter: { decade: 2000 }, sort: 'year', limit: 10, offset: 0 });
    expect(result.hits.map((h) => h.title)).toEqual(['Spirited Away']);
    expect(result.total).toBe(1);
  });

  it('takes LIKE wildcards in the query literally', async () => {
    const list = (contains: string[]) =>
      listMatches(
        t.db,
        [{ forms: ['zzzzqx'], prefix: false }],
        {},
        { sort: 'relevance', limit: 50, offset: 0, contains },
      );
    expect((await list(['%'])).map((r) => r.title)).toEqual(['Pure Love']);
    expect(await list(['_'])).toEqual([]);
    expect(await list(['\\'])).toEqual([]);
    expect(await list(['%純愛'])).toEqual([]);
    // Through the search: "%" and "_" split the query into runs, they never widen it to every film.
    expect((await top('千%', 10)).map((h) => h.title)).toEqual(['Spirited Away']);
    expect((await top('千_尋', 10)).map((h) => h.title)).toEqual(['Spirited Away']);
    expect((await top('%', 10)).length).toBe(0);
  });

  it('searches a Latin query as before: no substring scan, the same order', async () => {
    for (const query of ['cidade de deus', 'laberinto fauno', 'fabuleux destin amelie', 'heat']) {
      expect(cjkRuns(query)).toEqual([]);
    }
    expect((await top('cidade de deus')).map((h) => h.title).slice(0, 2)).toEqual(['Cidade de Deus', 'City of God']);
    expect((await top('heat'))[0]?.title).toBe('Heat');
  });

  it('suggests films by a piece of a CJK title', async () => {
    expect((await suggestFilms(t.db, '千尋', 5)).map((s) => s.title)).toContain('Spirited Away');
    expect((await suggestFilms(t.db, '번방', 5)).map((s) => s.title)).toContain('Miracle in Cell No. 7');
  });
});
