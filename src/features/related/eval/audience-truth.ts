import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { words } from '../text.js';

/**
 * A second ground truth, of what audiences like together, from MovieLens ratings (GroupLens's ml-latest-small:
 * research use, no commercial use, redistribution only under the same terms). It is never copied into the
 * repository: it sits beside the checkout (`../shared/data/movielens-latest-small`) and the evaluation skips it when
 * absent. Nothing the model reads comes from it: ratings are not a catalog field, so it measures the model from
 * outside, as the hidden audience set does.
 */

/** Ratings of 4 stars or more are a like; a visitor's likes are a set, as for the site's own likes. */
const LIKE = 4;
/** A film needs this many likers to be a query: fewer, and its co-likes are noise. */
const MIN_LIKERS = 15;
/** Two films count as liked together from this many common likers (the evidence floor). */
const MIN_COMMON = 4;
/** Relevant films per query: the most co-liked ones, by cosine of their likers' sets. */
const RELEVANT = 10;

export interface AudienceFilm {
  slug: string;
  title: string;
  year: number | null;
}

/** "Godfather: Part II, The (1974)" → title words and year, with the MovieLens "…, The" article moved back. */
export function movieLensTitle(raw: string): { key: string; year: number | null } {
  const m = /^(.*?)\s*\((\d{4})\)\s*$/.exec(raw.trim());
  let title = m ? m[1]! : raw.trim();
  // Alternative titles in parentheses ("Seven (a.k.a. Se7en)") follow the main one.
  title = title.replace(/\s*\([^)]*\)\s*$/, '');
  const article = /^(.*), (The|A|An|Les|La|Le|Il|El|Das|Der|Die)$/i.exec(title);
  if (article) title = `${article[2]} ${article[1]}`;
  return { key: words(title).join(' '), year: m ? Number(m[2]) : null };
}

export function audienceTruthAvailable(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'ratings.csv')) && fs.existsSync(path.join(dir, 'movies.csv'));
}

/**
 * Map MovieLens films to catalog films by title words and year (±1: release years differ between sources), keeping
 * only unambiguous matches; then, for each matched film with enough likers, its most co-liked matched films.
 */
export function buildAudienceTruth(
  dir: string,
  films: AudienceFilm[],
): { film: string; relevant: string[] }[] & { matched?: number } {
  const catalog = new Map<string, AudienceFilm[]>();
  for (const f of films) {
    const key = words(f.title).join(' ');
    catalog.set(key, [...(catalog.get(key) ?? []), f]);
  }
  const slugOf = new Map<number, string>();
  const movies = parse(fs.readFileSync(path.join(dir, 'movies.csv')), { columns: true }) as {
    movieId: string;
    title: string;
  }[];
  const taken = new Set<string>();
  for (const m of movies) {
    const { key, year } = movieLensTitle(m.title);
    if (year === null) continue;
    const hits = (catalog.get(key) ?? []).filter((f) => f.year !== null && Math.abs(f.year - year) <= 1);
    const exact = hits.filter((f) => f.year === year);
    const pick = exact.length === 1 ? exact[0] : hits.length === 1 ? hits[0] : undefined;
    if (pick && !taken.has(pick.slug)) {
      taken.add(pick.slug);
      slugOf.set(Number(m.movieId), pick.slug);
    }
  }
  const likers = new Map<string, Set<number>>();
  const text = fs.readFileSync(path.join(dir, 'ratings.csv'), 'utf8');
  for (const line of text.split('\n').slice(1)) {
    const [user, movie, rating] = line.split(',');
    if (!rating || Number(rating) < LIKE) continue;
    const slug = slugOf.get(Number(movie));
    if (!slug) continue;
    const set = likers.get(slug) ?? new Set<number>();
    set.add(Number(user));
    likers.set(slug, set);
  }
  const byUser = new Map<number, string[]>();
  for (const [slug, users] of likers) for (const u of users) byUser.set(u, [...(byUser.get(u) ?? []), slug]);
  const out: { film: string; relevant: string[] }[] = [];
  for (const [slug, users] of likers) {
    if (users.size < MIN_LIKERS) continue;
    const common = new Map<string, number>();
    for (const u of users) for (const other of byUser.get(u) ?? []) common.set(other, (common.get(other) ?? 0) + 1);
    common.delete(slug);
    const ranked = [...common]
      .filter(([, c]) => c >= MIN_COMMON)
      .map(([other, c]) => ({ other, sim: c / Math.sqrt(users.size * (likers.get(other)?.size ?? 1)) }))
      .sort((a, b) => b.sim - a.sim || a.other.localeCompare(b.other))
      .slice(0, RELEVANT);
    if (ranked.length) out.push({ film: slug, relevant: ranked.map((r) => r.other) });
  }
  out.sort((a, b) => a.film.localeCompare(b.film));
  return Object.assign(out, { matched: slugOf.size });
}
