import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../../db/database.js';
import { filmNotFound } from '../../../kernel/errors.js';
import type { Tx } from '../../../kernel/unit-of-work.js';
import { paginate } from '../../../lib/pagination.js';
import { type Actor, recordAudit } from '../../audit/index.js';
import { changeFilmSlug, findExternalIdConflict, insertFilmWithFreeSlug } from '../catalog.service.js';
import type { FilmEngagement } from '../engagement.js';
import type { ExternalIds } from '../external-ids.js';
import { filmContentHash } from '../film.js';
import { addSlugRedirect, replaceFilmTerms, updateFilm as updateFilmRow } from '../film.repository.js';
import { ensurePerson } from '../taxonomy.repository.js';
import {
  type AdminFilmFilter,
  countAdminFilms,
  deleteFilmRow,
  deleteSlugRedirect,
  findFilmRow,
  findFilmTermChoices,
  listAdminFilms,
  listFilmDecades,
  setFilmPosterKey,
} from './films.repository.js';
import { listCategoryRows, listGenreRows } from './terms.repository.js';

/**
 * Film writes from the admin. Each takes an open transaction (film-writes.service.ts opens it through the writer) and
 * records the audit entry inside it, so the change and its log line land together.
 */

/** A problem with what an editor asked for, worded for them; `field` names the form field it belongs to. */
export class CatalogEditError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CatalogEditError';
  }
}

/** A film as the editor submits it: categories and genres chosen by id, people typed by name. */
export interface FilmEdit extends ExternalIds {
  title: string;
  /** Null when none, or when it is the title itself (stored as null: nothing to show). */
  originalTitle: string | null;
  year: number | null;
  synopsis: string;
  origin: string | null;
  language: string | null;
  categoryIds: number[];
  /** The breadcrumb category; it is added to the categories when not among them. */
  primaryCategoryId: number | null;
  genreIds: number[];
  directors: string[];
  cast: string[];
}

export type FilmForEdit = FilmEdit & {
  id: number;
  slug: string;
  source: string;
  sourceUrl: string | null;
  posterKey: string | null;
  createdAt: string;
  updatedAt: string;
};

export async function getFilmForEdit(db: DbOrTx, id: number): Promise<FilmForEdit | undefined> {
  const row = await findFilmRow(db, id);
  if (!row) return undefined;
  const terms = await findFilmTermChoices(db, id);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    originalTitle: row.original_title,
    year: row.year,
    synopsis: row.synopsis,
    origin: row.origin,
    language: row.language,
    source: row.source,
    sourceUrl: row.source_url,
    posterKey: row.poster_key ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    primaryCategoryId: row.primary_category_id,
    imdbId: row.imdb_id ?? null,
    tmdbId: row.tmdb_id ?? null,
    wikidataId: row.wikidata_id ?? null,
    ...terms,
  };
}

/** As getFilmForEdit, and a 404 (film_not_found) when there is none. */
export async function requireFilmForEdit(db: DbOrTx, id: number): Promise<FilmForEdit> {
  const film = await getFilmForEdit(db, id);
  if (!film) throw filmNotFound({ id });
  return film;
}

export async function listFilmsForAdmin(db: DbOrTx, filter: AdminFilmFilter, pageNumber: number, pageSize: number) {
  const total = await countAdminFilms(db, filter);
  const page = paginate(pageNumber, pageSize, total);
  const [films, decades] = await Promise.all([listAdminFilms(db, filter, page.size, page.offset), listFilmDecades(db)]);
  return { films, page, decades };
}

/** What deleting a film takes with it, counted by the features that own those rows. */
export type CountDependents = FilmEngagement['dependents'];

/** Check the chosen categories and genres exist; returns their names (for the content hash and the audit entry). */
async function resolveTerms(db: DbOrTx, input: FilmEdit) {
  const [categories, genres] = await Promise.all([listCategoryRows(db), listGenreRows(db)]);
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const genreName = new Map(genres.map((g) => [g.id, g.name]));
  const categoryIds = [...new Set(input.categoryIds)];
  if (input.primaryCategoryId !== null && !categoryIds.includes(input.primaryCategoryId))
    categoryIds.unshift(input.primaryCategoryId);
  for (const id of categoryIds)
    if (!categoryName.has(id))
      throw new CatalogEditError('One of the chosen categories no longer exists.', 'categories');
  const genreIds = [...new Set(input.genreIds)];
  for (const id of genreIds)
    if (!genreName.has(id)) throw new CatalogEditError('One of the chosen genres no longer exists.', 'genres');
  const primary = input.primaryCategoryId ?? categoryIds[0] ?? null;
  return {
    categoryIds,
    genreIds,
    primary,
    categoryNames: categoryIds.map((id) => categoryName.get(id)!),
    genreNames: genreIds.map((id) => genreName.get(id)!),
  };
}

/** Refuse ids another film holds, naming it, on the field that holds the id. */
async function checkExternalIds(db: DbOrTx, input: FilmEdit, filmId?: number): Promise<void> {
  const conflict = await findExternalIdConflict(db, input, filmId);
  if (conflict) throw new CatalogEditError(`${conflict.message}.`, conflict.field);
}

async function saveTerms(db: DbOrTx, filmId: number, input: FilmEdit, categoryIds: number[], genreIds: number[]) {
  const directorIds: number[] = [];
  for (const name of input.directors) directorIds.push(await ensurePerson(db, name));
  const castIds: number[] = [];
  for (const name of input.cast) castIds.push(await ensurePerson(db, name));
  await replaceFilmTerms(db, filmId, { categoryIds, genreIds, directorIds, castIds });
}

export interface CreatedFilm {
  id: number;
  slug: string;
}

/**
 * Add a film by hand. Its source is `admin` with a generated id, so an import can never collide with it. Call
 * `afterInsert` to do work that needs the new id inside the same transaction (installing its poster).
 */
export async function createFilm(
  db: Tx,
  input: FilmEdit,
  actor: Actor,
  now: Date,
  afterInsert?: (filmId: number) => Promise<void>,
): Promise<CreatedFilm> {
  const terms = await resolveTerms(db, input);
  await checkExternalIds(db, input);
  const stamp = now.toISOString();
  const sourceId = randomUUID();
  const { id, slug } = await insertFilmWithFreeSlug(db, {
    title: input.title,
    original_title: input.originalTitle,
    year: input.year,
    synopsis: input.synopsis,
    source: 'admin',
    source_id: sourceId,
    source_url: null,
    origin: input.origin,
    language: input.language,
    content_hash: filmContentHash({
      source: 'admin',
      sourceId,
      sourceUrl: null,
      title: input.title,
      originalTitle: input.originalTitle,
      year: input.year,
      synopsis: input.synopsis,
      origin: input.origin,
      language: input.language,
      categories: terms.categoryNames,
      genres: terms.genreNames,
      directors: input.directors,
      cast: input.cast,
    }),
    primary_category_id: terms.primary,
    poster_key: null,
    imdb_id: input.imdbId,
    tmdb_id: input.tmdbId,
    wikidata_id: input.wikidataId,
    created_at: stamp,
    updated_at: stamp,
  });
  await saveTerms(db, id, input, terms.categoryIds, terms.genreIds);
  if (afterInsert) await afterInsert(id);
  await recordAudit(
    db,
    actor,
    {
      action: 'film.create',
      targetType: 'film',
      targetId: id,
      summary: `Added “${input.title}”${input.year ? ` (${input.year})` : ''} at /film/${slug}`,
      details: { slug, categories: terms.categoryNames, genres: terms.genreNames },
    },
    now,
  );
  return { id, slug };
}

export interface UpdatedFilm {
  slug: string;
  previousSlug: string;
  changed: string[];
}

const sameList = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: number[], b: number[]) => sameList([...a].sort(), [...b].sort());

/**
 * Save an edited film; undefined when there is no such film. A new title or year may give it a new slug, and the old
 * one then keeps answering 301 (slug_redirects). The imported content hash is kept on purpose: re-running the same
 * import leaves the edit alone, while a row that changed at its source still updates the film.
 */
export async function updateFilm(
  db: Tx,
  id: number,
  input: FilmEdit,
  actor: Actor,
  now: Date,
): Promise<UpdatedFilm | undefined> {
  const before = await getFilmForEdit(db, id);
  if (!before) return undefined;
  const terms = await resolveTerms(db, input);
  await checkExternalIds(db, input, id);
  const changed = [
    before.title !== input.title && 'title',
    before.originalTitle !== input.originalTitle && 'original title',
    before.year !== input.year && 'year',
    before.synopsis !== input.synopsis && 'synopsis',
    before.origin !== input.origin && 'origin',
    before.language !== input.language && 'language',
    (!sameSet(before.categoryIds, terms.categoryIds) || before.primaryCategoryId !== terms.primary) && 'categories',
    !sameSet(before.genreIds, terms.genreIds) && 'genres',
    !sameList(before.directors, input.directors) && 'directors',
    !sameList(before.cast, input.cast) && 'cast',
    (before.imdbId !== input.imdbId || before.tmdbId !== input.tmdbId || before.wikidataId !== input.wikidataId) &&
      'external ids',
  ].filter((c): c is string => typeof c === 'string');
  if (changed.length === 0) return { slug: before.slug, previousSlug: before.slug, changed };

  const row = {
    title: input.title,
    original_title: input.originalTitle,
    year: input.year,
    synopsis: input.synopsis,
    origin: input.origin,
    language: input.language,
    primary_category_id: terms.primary,
    imdb_id: input.imdbId,
    tmdb_id: input.tmdbId,
    wikidata_id: input.wikidataId,
    updated_at: now.toISOString(),
  };
  let slug = before.slug;
  if (before.title !== input.title || before.year !== input.year) {
    slug = await changeFilmSlug(db, id, input.title, input.year, async (free) => {
      await updateFilmRow(db, id, { ...row, slug: free });
      if (free !== before.slug) {
        await addSlugRedirect(db, 'film', before.slug, id);
        // The new slug may be one of this film's own old addresses: it is live again, not a redirect.
        await deleteSlugRedirect(db, 'film', free);
      }
      return free;
    });
  } else {
    await updateFilmRow(db, id, row);
  }
  await saveTerms(db, id, input, terms.categoryIds, terms.genreIds);
  await recordAudit(
    db,
    actor,
    {
      action: 'film.update',
      targetType: 'film',
      targetId: id,
      summary: `Edited “${input.title}” (${changed.join(', ')})${slug !== before.slug ? `; /film/${before.slug} now redirects to /film/${slug}` : ''}`,
      details: { changed, ...(slug !== before.slug ? { slug, previousSlug: before.slug } : {}) },
    },
    now,
  );
  return { slug, previousSlug: before.slug, changed };
}

export interface DeletedFilm {
  title: string;
  slug: string;
  posterKey: string | null;
  removed: { ratings: number; likes: number; comments: number };
}

/** Delete a film; its categories, people links, votes, likes and comments go with it (ON DELETE CASCADE). */
export async function deleteFilm(
  db: Tx,
  id: number,
  actor: Actor,
  now: Date,
  countDependents: CountDependents,
): Promise<DeletedFilm | undefined> {
  const film = await findFilmRow(db, id);
  if (!film) return undefined;
  const removed = await countDependents(db, id);
  await deleteFilmRow(db, id);
  await recordAudit(
    db,
    actor,
    {
      action: 'film.delete',
      targetType: 'film',
      targetId: id,
      summary: `Deleted “${film.title}” (/film/${film.slug}) with ${removed.ratings} rating(s), ${removed.likes} like(s), ${removed.comments} comment(s)`,
      details: { slug: film.slug, source: film.source, sourceId: film.source_id, ...removed },
    },
    now,
  );
  return { title: film.title, slug: film.slug, posterKey: film.poster_key ?? null, removed };
}

/** Point a film at a new poster (or none); returns the key it had, whose files the caller deletes after commit. */
export async function setFilmPoster(
  db: Tx,
  id: number,
  posterKey: string | null,
  actor: Actor,
  now: Date,
): Promise<{ previous: string | null } | undefined> {
  const film = await findFilmRow(db, id);
  if (!film) return undefined;
  await setFilmPosterKey(db, id, posterKey, now.toISOString());
  await recordAudit(
    db,
    actor,
    {
      action: posterKey ? 'film.poster' : 'film.poster-remove',
      targetType: 'film',
      targetId: id,
      summary: posterKey ? `New poster for “${film.title}”` : `Removed the poster of “${film.title}”`,
      details: posterKey ? { posterKey } : undefined,
    },
    now,
  );
  return { previous: film.poster_key ?? null };
}
