import type { Db } from '../../src/db/database.js';
import { type FilmInput, markCatalogChanged, saveImportedFilm } from '../../src/features/catalog/index.js';

let counter = 0;

/** A valid film input; override what the test is about. */
export function buildFilm(overrides: Partial<FilmInput> = {}): FilmInput {
  counter++;
  return {
    source: 'test',
    sourceId: `film-${counter}`,
    sourceUrl: null,
    title: `Test Film ${counter}`,
    originalTitle: null,
    year: 2000,
    synopsis: `Synopsis of test film ${counter}.`,
    origin: 'United States',
    language: 'English',
    categories: ['English Movies'],
    genres: ['Drama'],
    directors: [],
    cast: [],
    ...overrides,
  };
}

/** Store films as an import would (one transaction, catalog version bumped). */
export async function insertFilms(db: Db, films: FilmInput[], now = '2026-01-01T00:00:00.000Z'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const film of films) await saveImportedFilm(trx, film, now);
    await markCatalogChanged(trx);
  });
}
