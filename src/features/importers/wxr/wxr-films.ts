import type { Tx } from '../../../kernel/unit-of-work.js';
import { findImportedFilm, saveImportedFilm } from '../../catalog/index.js';
import { setImportedRating } from '../../ratings/index.js';
import { tagFilm } from '../../tags/index.js';
import { convertPost } from './convert.js';
import { decodeEntities } from './entities.js';
import { metaValue, type WxrItem } from './wxr.js';
import { findImportedItems, type ImportedItemRow, saveImportedItems, saveWriteup } from './wxr-import.repository.js';
import type { WxrRun } from './wxr-run.js';
import { categoryIdOf, tagIdOf } from './wxr-terms.js';
import { importThreads } from './wxr-threads.js';

/** A published film post read from the export, with the hash that tells whether it changed since the last run. */
export interface FilmPost {
  item: WxrItem;
  hash: string;
}

type StoredFilm = { id: number; slug: string; updatedAt: string; posterKey: string | null };

/**
 * Votes from the rating plugins movie blogs use, as a count and a sum of half-stars (Reelhouse's 1..10 scale): the
 * Taqyeem/TieLabs box (`tie_users_num` votes summing to `tie_user_rate` stars) or WP-PostRatings (`ratings_users`,
 * `ratings_score`), both out of 5 stars. Null when absent or not plausible (a mean outside 0.5..5 stars).
 */
export function importedRatingOf(item: Pick<WxrItem, 'meta'>): { count: number; sum: number } | null {
  const pairs: Array<[string, string]> = [
    ['tie_users_num', 'tie_user_rate'],
    ['ratings_users', 'ratings_score'],
  ];
  for (const [countKey, sumKey] of pairs) {
    const count = Number(metaValue(item, countKey));
    const stars = Number(metaValue(item, sumKey));
    if (!Number.isInteger(count) || count <= 0 || !Number.isFinite(stars)) continue;
    const mean = stars / count;
    if (mean < 0.5 || mean > 5) continue;
    return { count, sum: Math.round(stars * 2) };
  }
  return null;
}

/**
 * Write film posts in the caller's transaction, each with its write-up, tags, votes, comments and old addresses, so
 * a film never stands without its comments. Returns whether anything was written (unchanged posts write nothing).
 */
export async function writeFilmPosts(run: WxrRun, tx: Tx, posts: FilmPost[], now: string): Promise<boolean> {
  const records = await findImportedItems(
    tx,
    run.source,
    posts.map((p) => p.item.postId),
  );
  const written: Array<{ item: WxrItem; hash: string; film: StoredFilm }> = [];
  for (const { item, hash } of posts) {
    const record = records.get(item.postId);
    if (record?.content_hash === hash) await keepUnchanged(run, tx, item, record);
    else {
      const film = await saveFilmPost(run, tx, item, record, now);
      if (film) written.push({ item, hash, film });
    }
  }
  await importThreads(
    run,
    tx,
    written.map(({ item, film }) => ({ filmId: film.id, comments: item.comments })),
  );
  if (!run.options.dryRun)
    await saveImportedItems(
      tx,
      written.map(({ item, hash, film }) => ({
        source: run.source,
        post_id: item.postId,
        kind: 'film',
        film_id: film.id,
        content_hash: hash,
        film_updated_at: film.updatedAt,
        held: null,
        created_at: now,
      })),
    );
  await run.flushRedirects(tx);
  return written.length > 0;
}

/** A post exactly as last imported: counted, and its poster brought if a killed run had not brought it yet. */
async function keepUnchanged(run: WxrRun, tx: Tx, item: WxrItem, record: ImportedItemRow) {
  if (record.kind === 'film') {
    run.summary.films.unchanged++;
    const film = metaValue(item, '_thumbnail_id') ? await findImportedFilm(tx, run.filmSource, item.postId) : null;
    if (film && film.updatedAt === record.film_updated_at) run.wantPoster(item, film);
  } else if (record.kind === 'page') run.summary.pages.unchanged++;
  else run.summary.unpublished++;
}

/** One film post (not its comments): the film unless an admin edited it since, write-up, tags, votes, addresses. */
async function saveFilmPost(
  run: WxrRun,
  tx: Tx,
  item: WxrItem,
  record: ImportedItemRow | undefined,
  now: string,
): Promise<StoredFilm | null> {
  const converted = convertPost(item.title, item.content, run.latestYear);
  if (!converted.title) {
    run.skip('post without a title');
    return null;
  }
  // Categories (and their old addresses) come in even for a film an admin has edited since.
  const slugs = item.terms.filter((t) => t.domain === 'category').map((t) => t.slug);
  const categoryIds: number[] = [];
  for (const slug of slugs) {
    const id = await categoryIdOf(run, tx, slug, now);
    if (id !== null && !categoryIds.includes(id)) categoryIds.push(id);
  }
  // Only a film this import stored before can have been edited since (a first import skips the look-up).
  const existing = record?.film_updated_at ? await findImportedFilm(tx, run.filmSource, item.postId) : undefined;
  const edited = existing && record?.film_updated_at && existing.updatedAt !== record.film_updated_at;
  if (edited) run.summary.films.keptEdited++;
  else await storeFilm(run, tx, item, converted, { slugs, categoryIds }, now);
  const film = edited ? existing : await findImportedFilm(tx, run.filmSource, item.postId);
  if (!film) throw new Error(`${item.position}: the film was not stored`);
  if (!edited) {
    run.wantPoster(item, film);
    await saveWriteup(tx, film.id, converted.markdown, item.creator ? decodeEntities(item.creator) : null);
    const ids: number[] = [];
    for (const term of item.terms.filter((t) => t.domain === 'post_tag' && t.slug))
      ids.push(await tagIdOf(run, tx, term, now));
    await tagFilm(tx, film.id, ids);
  }
  const rating = importedRatingOf(item);
  if (rating) {
    await setImportedRating(tx, film.id, rating);
    run.summary.ratings++;
  }
  const target = `/film/${film.slug}`;
  if (item.link) run.addRedirect(item.link, target);
  run.addRedirect(`/?p=${item.postId}`, target);
  return film;
}

async function storeFilm(
  run: WxrRun,
  tx: Tx,
  item: WxrItem,
  converted: ReturnType<typeof convertPost>,
  { slugs, categoryIds }: { slugs: string[]; categoryIds: number[] },
  now: string,
) {
  const outcome = await saveImportedFilm(
    tx,
    {
      source: run.filmSource,
      sourceId: item.postId,
      sourceUrl: null,
      title: converted.title.slice(0, 300),
      originalTitle: null,
      year: converted.year,
      synopsis: converted.synopsis.slice(0, 20_000),
      origin: null,
      language: null,
      categories: slugs,
      categoryIds,
      genres: [],
      directors: converted.directors.slice(0, 50),
      cast: converted.cast.slice(0, 50),
    },
    now,
    run.cache,
  );
  run.summary.films[outcome]++;
}
