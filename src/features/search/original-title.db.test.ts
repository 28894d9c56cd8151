import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { packageRoot } from '../../http/assets.js';
import { runImport } from '../importers/index.js';
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
];

describeEachDialect('search by original title', (dialect) => {
  let t: TestDatabase;
  const top = async (query: string, limit = 3) =>
    (await searchFilms(t.db, query, { filter: {}, sort: 'relevance', limit, offset: 0 })).hits;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    const summary = await runImport(t.db, { file: FIXTURE, format: 'csv', source: 'world' });
    expect(summary.rejected).toEqual([]);
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
});
