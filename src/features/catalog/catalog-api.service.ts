import type { DbOrTx } from '../../db/database.js';
import { AppError, filmNotFound } from '../../kernel/errors.js';
import type { FilmDetail, FilmList, FilmListQuery } from './catalog.schemas.js';
import { getFilmPage } from './catalog.service.js';
import type { FilmEngagement } from './engagement.js';
import type { SortKey } from './film.repository.js';
import { listFilmIds, loadFilmFacets, sortKeyLength } from './film-api.repository.js';
import { findTermBySlug } from './taxonomy.repository.js';

/**
 * Cursors are opaque to clients; inside, the sort values of the last film shown (a keyset position, decision 031)
 * and the query they belong to. The next page starts strictly after that film, so films added while a client walks
 * the list neither repeat one nor push one out of sight, and page 10,000 costs what page 1 does.
 */
function encodeCursor(key: SortKey, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ k: key, f: fingerprint })).toString('base64url');
}

function decodeCursor(cursor: string, fingerprint: string, length: number): SortKey {
  const invalid = () =>
    new AppError('invalid_field', 'cursor: not a cursor from this listing (filters or sort changed?)', 'cursor');
  // base64url only: Buffer.from ignores characters outside the alphabet, so junk must be refused before decoding.
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const { k, f } = parsed as { k?: unknown; f?: unknown };
  const value = (v: unknown) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (f !== fingerprint || !Array.isArray(k) || k.length !== length || !k.every(value)) throw invalid();
  return k as SortKey;
}

/** A page of the film list, filtered and sorted, with the cursor of the next page (null on the last). */
export async function listFilmsPage(db: DbOrTx, engagement: FilmEngagement, query: FilmListQuery): Promise<FilmList> {
  const { category, genre, year, sort = 'newest', limit = 24, cursor } = query;
  const fingerprint = [category ?? '', genre ?? '', year ?? '', sort].join('|');
  const after = cursor ? decodeCursor(cursor, fingerprint, sortKeyLength(sort)) : null;
  const filter: { categoryId?: number; genreId?: number; year?: number } = {};
  if (category) {
    const term = await findTermBySlug(db, 'categories', category);
    if (!term) throw new AppError('category_not_found', `category: no category "${category}"`, 'category');
    filter.categoryId = term.id;
  }
  if (genre) {
    const term = await findTermBySlug(db, 'genres', genre);
    if (!term) throw new AppError('genre_not_found', `genre: no genre "${genre}"`, 'genre');
    filter.genreId = term.id;
  }
  if (year !== undefined) filter.year = year;
  // One extra row tells whether a next page exists without counting.
  const rows = await listFilmIds(db, filter, {
    sort,
    limit: limit + 1,
    after,
  });
  const page = rows.slice(0, limit);
  const facets = await loadFilmFacets(
    db,
    page.map((r) => r.id),
    engagement,
  );
  return {
    items: page.map((r) => ({
      slug: r.slug,
      title: r.title,
      originalTitle: r.original_title,
      year: r.year,
      imdbId: r.imdb_id ?? null,
      tmdbId: r.tmdb_id ?? null,
      wikidataId: r.wikidata_id ?? null,
      ...facets.get(r.id)!,
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.key, fingerprint) : null,
  };
}

/** One film for the API, or the slug it moved to; a 404 naming the slug when there is none. */
export async function getFilmDetail(
  db: DbOrTx,
  engagement: FilmEngagement,
  slug: string,
  publicUrl: string,
): Promise<{ film: FilmDetail } | { redirectTo: string }> {
  const result = await getFilmPage(db, slug);
  if ('redirectTo' in result) return result;
  if ('notFound' in result) throw filmNotFound({ slug });
  const { film } = result;
  const [facetMap, commentCount] = await Promise.all([
    loadFilmFacets(db, [film.id], engagement),
    engagement.approvedComments(db, film.id),
  ]);
  const facets = facetMap.get(film.id)!;
  return {
    film: {
      slug: film.slug,
      title: film.title,
      originalTitle: film.originalTitle,
      year: film.year,
      synopsis: film.synopsis,
      imdbId: film.imdbId,
      tmdbId: film.tmdbId,
      wikidataId: film.wikidataId,
      url: `${publicUrl}/film/${film.slug}`,
      sourceUrl: film.sourceUrl,
      origin: film.origin,
      language: film.language,
      directors: film.directors,
      cast: film.cast,
      categories: film.categories,
      genres: film.genres,
      rating: facets.rating,
      likes: facets.likes,
      commentCount,
    },
  };
}
