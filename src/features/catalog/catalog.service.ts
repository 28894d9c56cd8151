import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect/index.js';
import { bumpVersion } from '../../db/site-state.js';
import { AppError, filmNotFound } from '../../kernel/errors.js';
import { type Page, paginate } from '../../lib/pagination.js';
import { filmSlugCandidates } from '../../lib/slug.js';
import { type Archive, type ArchiveKind, type ArchivePosition, decodeSortKey, NUMBERED_PAGES } from './archive.js';
import type { FilmTable } from './catalog.table.js';
import { EXTERNAL_ID_LABELS, type ExternalIdField, type ExternalIds } from './external-ids.js';
import {
  type FilmDetails,
  type FilmInput,
  type FilmSort,
  type FilmSummary,
  filmContentHash,
  type TermRef,
  type TermWithCount,
} from './film.js';
import {
  addSlugRedirect,
  countFilms,
  type FilmListFilter,
  filmSlugOwner,
  findFilmBySlug,
  findFilmBySource,
  findFilmTerms,
  findPrimaryCategoryId,
  findRedirectedSlug,
  insertFilmUnlessSlugTaken,
  listFilmCardsByKey,
  replaceFilmTerms,
  type SortKey,
  selectExternalIdHolders,
  selectFilmIdsByTitle,
  selectFilmsForMatching,
  sortTerms,
  updateFilm,
  updateImportedPosterKey,
} from './film.repository.js';
import { logline } from './logline.js';
import {
  ensureCategory,
  ensureGenre,
  ensurePerson,
  findPersonBySlug,
  findTermBySlug,
  listCategoriesWithCounts,
  listCountriesWithCounts,
  listDecadesWithCounts,
  listGenresWithCounts,
} from './taxonomy.repository.js';

export const CATALOG_VERSION = 'catalog';

/** The film at a slug, for features that act on a film (votes, likes); old slugs do not resolve here. */
export async function findFilm(db: DbOrTx, slug: string) {
  return findFilmBySlug(db, slug);
}

/** As findFilm, and a 404 (film_not_found) when there is none. */
export async function requireFilm(db: DbOrTx, slug: string) {
  const film = await findFilmBySlug(db, slug);
  if (!film) throw filmNotFound();
  return film;
}

export type FilmLookup = { film: FilmDetails } | { redirectTo: string } | { notFound: true };

export async function getFilmPage(db: DbOrTx, slug: string): Promise<FilmLookup> {
  const film = await findFilmBySlug(db, slug);
  if (!film) {
    const current = await findRedirectedSlug(db, 'film', slug);
    return current ? { redirectTo: current } : { notFound: true };
  }
  const [terms, primaryId] = await Promise.all([findFilmTerms(db, film.id), findPrimaryCategoryId(db, film.id)]);
  const primary = terms.categories.find((c) => c.id === primaryId) ?? terms.categories[0] ?? null;
  return {
    film: {
      ...film,
      primaryCategory: primary ? { slug: primary.slug, name: primary.name } : null,
      categories: terms.categories.map((c) => ({ slug: c.slug, name: c.name })),
      genres: terms.genres,
      directors: terms.directors,
      cast: terms.cast,
    },
  };
}

export type ArchiveLookup = { archive: Archive } | { redirectTo: string } | { notFound: true };

/**
 * What an archive's slug names, the films it holds and, where it is kept rather than counted, how many: categories and
 * genres keep theirs on the row (migration 76); decades and countries are read from the films themselves.
 */
async function archiveTerm(
  db: DbOrTx,
  kind: ArchiveKind,
  slug: string,
): Promise<
  { term: TermRef; filter: FilmListFilter; count: number | null } | { redirectTo: string } | { notFound: true }
> {
  if (kind === 'decade') {
    const decade = /^(\d{3}0)s$/.exec(slug)?.[1];
    const term = (await listDecadesWithCounts(db)).find((d) => d.slug === slug);
    return decade && term ? { term, filter: { decade: Number(decade) }, count: term.count } : { notFound: true };
  }
  if (kind === 'country') {
    const term = (await listCountriesWithCounts(db)).find((c) => c.slug === slug);
    return term ? { term, filter: { origin: term.name }, count: term.count } : { notFound: true };
  }
  if (kind === 'person') {
    const person = await findPersonBySlug(db, slug);
    return person
      ? { term: { slug: person.slug, name: person.name }, filter: { personId: person.id }, count: null }
      : { notFound: true };
  }
  const term = await findTermBySlug(db, kind === 'category' ? 'categories' : 'genres', slug);
  if (!term) {
    const current = await findRedirectedSlug(db, kind, slug);
    return current ? { redirectTo: current } : { notFound: true };
  }
  const filter = kind === 'category' ? { categoryId: term.id } : { genreId: term.id };
  return { term: { slug: term.slug, name: term.name }, filter, count: Number(term.film_count) };
}

/** Everything the Browse page lists: categories, genres, decades and countries, each with its film count. */
export async function getBrowseLists(db: DbOrTx) {
  const [categories, genres, decades, countries] = await Promise.all([
    listCategoriesWithCounts(db),
    listGenresWithCounts(db),
    listDecadesWithCounts(db),
    listCountriesWithCounts(db),
  ]);
  return { categories, genres, decades, countries };
}

/** Where an archive page starts, from its query: one of `page`, `after` and `before` (400 naming the field). */
export function archivePosition(
  sort: FilmSort,
  query: { page?: number; after?: string; before?: string },
): ArchivePosition {
  const { page, after, before } = query;
  if ([page, after, before].filter((v) => v !== undefined).length > 1)
    throw new AppError('invalid_field', 'page: give one of page, after and before', 'page');
  const length = sortTerms(sort).length;
  if (after !== undefined) return { after: decodeSortKey(after, 'after', length) };
  if (before !== undefined) return { before: decodeSortKey(before, 'before', length) };
  return { page: page ?? 1 };
}

/**
 * One page of an archive at a numbered page or a keyset position (archive.ts, decision 041). Category and genre
 * totals come from the counts kept on the term's row; every read is one index range of the sort's index, bounded by
 * the page, except a numbered page past NUMBERED_PAGES that an old link asks for (OFFSET).
 */
export async function getArchive(
  db: DbOrTx,
  kind: ArchiveKind,
  slug: string,
  options: { position: ArchivePosition; sort: FilmSort; pageSize: number },
): Promise<ArchiveLookup> {
  const found = await archiveTerm(db, kind, slug);
  if ('notFound' in found || 'redirectTo' in found) return found;
  const { term, filter } = found;
  const { sort, pageSize: size, position } = options;
  const total = found.count ?? (await countFilms(db, filter));
  const pageCount = Math.max(1, Math.ceil(total / size));
  const build = (
    films: Array<FilmSummary & { key: SortKey }>,
    page: Page | null,
    previous: ArchivePosition | null,
    next: ArchivePosition | null,
  ): ArchiveLookup => ({
    archive: {
      term: { slug: term.slug, name: term.name },
      films: films.map(({ key: _key, ...f }) => ({ ...f, logline: logline(f.synopsis) })),
      page,
      total,
      pageCount,
      sort,
      previous,
      next,
    },
  });
  const numbered = async (requested: number) => {
    const page = paginate(requested, size, total);
    const n = page.number;
    // The last page is read backwards from the end of the sort's index: as cheap as the first.
    const films =
      n === pageCount && n > 1
        ? await listFilmCardsByKey(db, filter, { sort, limit: total - (n - 1) * size, before: 'end' })
        : await listFilmCardsByKey(db, filter, { sort, limit: size, offset: page.offset });
    const numberedOrNear = (p: number) => p <= NUMBERED_PAGES || p === pageCount;
    const first = films[0];
    const last = films.at(-1);
    const previous = n === 1 ? null : numberedOrNear(n - 1) || !first ? { page: n - 1 } : { before: first.key };
    const next = n === pageCount ? null : numberedOrNear(n + 1) || !last ? { page: n + 1 } : { after: last.key };
    return build(films, page, previous, next);
  };
  if ('page' in position) return numbered(position.page);
  if ('after' in position) {
    const read = await listFilmCardsByKey(db, filter, { sort, limit: size + 1, after: position.after });
    const films = read.slice(0, size);
    const first = films[0];
    const last = films.at(-1);
    return build(
      films,
      null,
      first ? { before: first.key } : { page: pageCount },
      read.length > size && last ? { after: last.key } : null,
    );
  }
  const read = await listFilmCardsByKey(db, filter, { sort, limit: size + 1, before: position.before });
  // Fewer than a page and one film before this position: the start of the list, which is page 1.
  if (read.length <= size) return numbered(1);
  const films = read.slice(1);
  return build(films, null, { before: films[0]!.key }, { after: films.at(-1)!.key });
}

/** Every category, and every genre, with its film count (the API's lists; the genres page shows both). */
export const listCategories = listCategoriesWithCounts;
export const listGenres = listGenresWithCounts;

/** The genres page: every genre and every category, with film counts. */
export async function getTermLists(db: DbOrTx): Promise<{ genres: TermWithCount[]; categories: TermWithCount[] }> {
  const [genres, categories] = await Promise.all([listGenresWithCounts(db), listCategoriesWithCounts(db)]);
  return { genres, categories };
}

export type ImportOutcome = 'inserted' | 'updated' | 'unchanged';

/** Resolves names to ids once per import run; bounded so memory stays flat on any file size. */
export class TermIdCache {
  private readonly maps = {
    category: new Map<string, number>(),
    genre: new Map<string, number>(),
    person: new Map<string, number>(),
  };
  constructor(private readonly limit = 50_000) {}

  async get(kind: 'category' | 'genre' | 'person', name: string, load: () => Promise<number>): Promise<number> {
    const map = this.maps[kind];
    const hit = map.get(name);
    if (hit !== undefined) return hit;
    const id = await load();
    if (map.size >= this.limit) map.clear();
    map.set(name, id);
    return id;
  }

  /** After a rolled-back transaction, ids created inside it no longer exist. */
  clear(): void {
    for (const map of Object.values(this.maps)) map.clear();
  }
}

/**
 * The first free slug for a title (`title`, `title-year`, `title-year-2`, …), for the importer and for admin editing
 * alike. A slug that is, or redirects to, this same film is free for it: renaming a film back takes its old address
 * back. `skip` holds slugs a concurrent writer took after this one looked.
 */
export async function allocateFilmSlug(
  db: DbOrTx,
  title: string,
  year: number | null,
  filmId?: number,
  skip: ReadonlySet<string> = new Set(),
): Promise<string> {
  for (const candidate of filmSlugCandidates(title, year)) {
    if (skip.has(candidate)) continue;
    const owner = await filmSlugOwner(db, candidate);
    if (owner === undefined || owner === filmId) return candidate;
  }
  throw new Error('unreachable: slug candidates are endless');
}

/**
 * How often a writer may lose its chosen slug to a concurrent one (another admin, another instance, an import) before
 * giving up. Each loss is another writer's commit, which the next try sees, so N writers racing for one title cost the
 * unluckiest of them N - 1 tries; past this many, something else is wrong.
 */
const SLUG_ATTEMPTS = 20;

const slugRaceLost = (title: string) =>
  new Error(`no free slug for “${title}”: concurrent writers took ${SLUG_ATTEMPTS} in a row`);

/**
 * Insert a new film under the first free slug. Allocating reads before the insert writes, so two writers can pick the
 * same slug; the loser's insert then does nothing (instead of failing on the unique constraint) and it takes the next.
 */
export async function insertFilmWithFreeSlug(
  db: DbOrTx,
  values: Omit<FilmTable, 'id' | 'slug'>,
): Promise<{ id: number; slug: string }> {
  const taken = new Set<string>();
  for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
    const slug = await allocateFilmSlug(db, values.title, values.year, undefined, taken);
    const id = await insertFilmUnlessSlugTaken(db, { ...values, slug });
    if (id !== undefined) return { id, slug };
    taken.add(slug);
  }
  throw slugRaceLost(values.title);
}

/**
 * Give an existing film the first free slug for a new title or year: `write(slug)` stores it (and whatever goes with
 * it). An UPDATE cannot skip a conflict the way an insert can, so inside a transaction `write` runs in a savepoint
 * (plain SQL, the same on both databases): a slug lost to a concurrent writer rolls back only that, and the next
 * candidate is tried; on PostgreSQL the failed statement would otherwise abort the whole transaction.
 */
export async function changeFilmSlug<T>(
  db: DbOrTx,
  filmId: number,
  title: string,
  year: number | null,
  write: (slug: string) => Promise<T>,
): Promise<T> {
  const taken = new Set<string>();
  for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
    const slug = await allocateFilmSlug(db, title, year, filmId, taken);
    if (db.isTransaction) await sql`savepoint film_slug`.execute(db);
    try {
      const result = await write(slug);
      if (db.isTransaction) await sql`release savepoint film_slug`.execute(db);
      return result;
    } catch (error) {
      if (!isUniqueViolation(error, 'films', 'slug')) throw error;
      if (db.isTransaction) await sql`rollback to savepoint film_slug`.execute(db);
      taken.add(slug);
    }
  }
  throw slugRaceLost(title);
}

/**
 * Insert or update one film keyed by (source, source id). Run inside the caller's transaction; the caller bumps
 * the catalog version once per batch.
 */
export async function saveImportedFilm(
  db: DbOrTx,
  input: FilmInput,
  now: string,
  cache: TermIdCache = new TermIdCache(),
): Promise<ImportOutcome> {
  const hash = filmContentHash(input);
  const existing = await findFilmBySource(db, input.source, input.sourceId);
  if (existing && existing.content_hash === hash) return 'unchanged';
  const conflict = await findExternalIdConflict(db, input, existing?.id);
  if (conflict) throw new Error(conflict.message);

  const categoryIds: number[] = [...(input.categoryIds ?? [])];
  if (!input.categoryIds)
    for (const name of input.categories)
      categoryIds.push(await cache.get('category', name, () => ensureCategory(db, name, now)));
  const genreIds: number[] = [];
  for (const name of input.genres) genreIds.push(await cache.get('genre', name, () => ensureGenre(db, name, now)));
  const directorIds: number[] = [];
  for (const name of input.directors) directorIds.push(await cache.get('person', name, () => ensurePerson(db, name)));
  const castIds: number[] = [];
  for (const name of input.cast) castIds.push(await cache.get('person', name, () => ensurePerson(db, name)));

  const fields = {
    title: input.title,
    original_title: input.originalTitle,
    year: input.year,
    synopsis: input.synopsis,
    source_url: input.sourceUrl,
    origin: input.origin,
    language: input.language,
    content_hash: hash,
    primary_category_id: categoryIds[0] ?? null,
    updated_at: now,
    // A source without an id leaves the one the film has (an admin may have added it).
    ...(input.imdbId ? { imdb_id: input.imdbId } : {}),
    ...(input.tmdbId ? { tmdb_id: input.tmdbId } : {}),
    ...(input.wikidataId ? { wikidata_id: input.wikidataId } : {}),
  };

  let filmId: number;
  if (existing) {
    filmId = existing.id;
    if (existing.title !== input.title || existing.year !== input.year) {
      await changeFilmSlug(db, existing.id, input.title, input.year, async (slug) => {
        await updateFilm(db, existing.id, { ...fields, slug });
        if (slug !== existing.slug) await addSlugRedirect(db, 'film', existing.slug, existing.id);
      });
    } else {
      await updateFilm(db, filmId, fields);
    }
  } else {
    ({ id: filmId } = await insertFilmWithFreeSlug(db, {
      ...fields,
      source: input.source,
      source_id: input.sourceId,
      created_at: now,
    }));
  }
  await replaceFilmTerms(db, filmId, { categoryIds, genreIds, directorIds, castIds });
  return existing ? 'updated' : 'inserted';
}

export async function markCatalogChanged(db: DbOrTx): Promise<void> {
  await bumpVersion(db, CATALOG_VERSION);
}

export { countFilms };

/**
 * A category brought from another site with its own slug, parent and description (the WordPress import): found by
 * slug and given the name and description it had there, or created. Returns its id.
 */
export async function importCategory(
  db: DbOrTx,
  term: { slug: string; name: string; parentId: number | null; description: string | null },
  now: string,
): Promise<number> {
  const existing = await db.selectFrom('categories').select('id').where('slug', '=', term.slug).executeTakeFirst();
  if (existing) {
    await db
      .updateTable('categories')
      .set({ parent_id: term.parentId, description: term.description })
      .where('id', '=', existing.id)
      .execute();
    return existing.id;
  }
  const row = await db
    .insertInto('categories')
    .values({
      slug: term.slug,
      name: term.name,
      parent_id: term.parentId,
      description: term.description,
      position: 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An imported film by its source key, with what tells an admin's later edit apart (updated_at). */
export async function findImportedFilm(db: DbOrTx, source: string, sourceId: string) {
  const film = await findFilmBySource(db, source, sourceId);
  return film
    ? { id: film.id, slug: film.slug, updatedAt: film.updated_at, posterKey: film.poster_key ?? null }
    : undefined;
}

/** Set the poster an importer brought (its files already installed by features/posters). */
export const setImportedPoster = (db: DbOrTx, filmId: number, key: string, now: string) =>
  updateImportedPosterKey(db, filmId, key, now);

/**
 * The one film with this title (any case; a trailing "(2010)" read as the year), for matching another site's records
 * by title; null when none or several match: a guess would file comments under the wrong film.
 */
export async function findFilmIdByTitle(db: DbOrTx, rawTitle: string): Promise<number | null> {
  const match = /^(.*?)\s*\((\d{4})\)\s*$/.exec(rawTitle.trim());
  const title = (match ? match[1] : rawTitle)?.trim() ?? '';
  if (!title) return null;
  const ids = await selectFilmIdsByTitle(db, title, match ? Number(match[2]) : null);
  return ids.length === 1 ? (ids[0] ?? null) : null;
}

export interface ExternalIdConflict {
  field: ExternalIdField;
  film: { id: number; slug: string; title: string; year: number | null };
  /** "IMDb id tt0133093 already belongs to “The Matrix” (1999, /film/the-matrix-1999)". */
  message: string;
}

/** As findExternalIdConflict, for an imported row: the film it would update (same source key) may hold them. */
export async function findImportConflict(db: DbOrTx, input: FilmInput): Promise<ExternalIdConflict | null> {
  if (!input.imdbId && !input.tmdbId && !input.wikidataId) return null;
  const existing = await findFilmBySource(db, input.source, input.sourceId);
  return findExternalIdConflict(db, input, existing?.id);
}

/**
 * The first of these ids that another film (not `exceptId`) already holds, with a message naming that film; null when
 * every id is free. A film's ids are unique, so an import or an edit that would give one to a second film is refused.
 */
export async function findExternalIdConflict(
  db: DbOrTx,
  ids: Partial<ExternalIds>,
  exceptId?: number,
): Promise<ExternalIdConflict | null> {
  const holders = await selectExternalIdHolders(db, ids, exceptId);
  for (const field of ['imdbId', 'tmdbId', 'wikidataId'] as const) {
    const value = ids[field];
    if (!value) continue;
    const column = field === 'imdbId' ? 'imdb_id' : field === 'tmdbId' ? 'tmdb_id' : 'wikidata_id';
    const holder = holders.find((h) => h[column] === value);
    if (!holder) continue;
    const film = { id: holder.id, slug: holder.slug, title: holder.title, year: holder.year };
    const when = holder.year ? `${holder.year}, ` : '';
    return {
      field,
      film,
      message: `${EXTERNAL_ID_LABELS[field]} ${value} already belongs to “${holder.title}” (${when}/film/${holder.slug})`,
    };
  }
  return null;
}

/** A film as a matcher of other sites' records sees it. */
export interface FilmMatchRow {
  id: number;
  slug: string;
  title: string;
  originalTitle: string | null;
  year: number | null;
  imdbId: string | null;
  tmdbId: number | null;
}

/** Every film, a page of ids at a time (one query per page, never one per film), for building a match index. */
export async function* filmsForMatching(db: DbOrTx, pageSize = 5000): AsyncGenerator<FilmMatchRow[]> {
  let afterId = 0;
  for (;;) {
    const rows = await selectFilmsForMatching(db, afterId, pageSize);
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      originalTitle: r.original_title,
      year: r.year,
      imdbId: r.imdb_id ?? null,
      tmdbId: r.tmdb_id ?? null,
    }));
    afterId = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}
