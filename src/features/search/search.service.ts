import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import {
  cjkRuns,
  fold,
  type ParsedQuery,
  parseQuery,
  type QueryTerm,
  STOP_WORDS,
  TrigramMatcher,
  words,
} from './query.js';
import type { SearchFacets, SearchFilter, SearchHit, SearchSort } from './search.js';
import {
  countMatches,
  findTermId,
  hasPendingChanges,
  listFacets,
  listLookalikes,
  listMatches,
  loadPeopleNames,
  loadResultFacts,
  type MatchRow,
} from './search.repository.js';
import { makeSnippet } from './snippet.js';

export type { SearchHit } from './search.js';

export interface SearchResult {
  query: ParsedQuery;
  hits: SearchHit[];
  total: number;
  /** True when nothing matched as typed and the hits are close spellings instead. */
  approximate: boolean;
}

export interface SearchOptions {
  filter: SearchFilter;
  sort: SearchSort;
  limit: number;
  offset: number;
}

/**
 * Below this many exact matches, none with the query in its title, the typo fallback runs too: "shawshank redemtion"
 * matches nothing as typed, "star wors" only synopses with "worse" in them.
 */
const LOOK_AROUND_BELOW = 20;
/** Relevance is refined in JavaScript over the database's best this many; later pages keep the database's order. */
const RERANK_WINDOW = 100;
const LOOKALIKE_CANDIDATES = 40;
/**
 * Likenesses below this are not shown (the mean of similarity and word similarity, so a little above pg_trgm's 0.3:
 * at 0.3 "godfathr" also listed films with a "Godfrey" in the cast).
 */
const MIN_SIMILARITY = 0.4;
/** pg_trgm's default word_similarity threshold: a likeness this close may outrank exact matches in synopses. */
const CLOSE_SIMILARITY = 0.6;

const matchesWord = (term: QueryTerm, word: string) =>
  term.forms.includes(word) || (term.prefix && word.startsWith(term.forms[0]!));

/**
 * The database ranks by term frequency (bm25, ts_rank); a visitor expects the film whose title *is* the query first.
 * Both databases' candidates get the same bonus for titles made of the query's words, so they rank alike.
 */
function titleBonus(terms: QueryTerm[], title: string): number {
  const titleWords = words(title).filter((w) => !STOP_WORDS.has(w));
  const inTitle = terms.filter((t) => titleWords.some((w) => matchesWord(t, w))).length;
  if (inTitle < terms.length) return inTitle / terms.length / 2;
  if (titleWords.length === terms.length) return 3;
  return Math.max(1.5, 2.5 - 0.1 * (titleWords.length - terms.length));
}

/**
 * An original title made of the query's words counts one step less than such a title: "le fabuleux destin d'amelie
 * poulain" finds "Amélie" first, but a film *titled* as the query comes before one only originally titled so. The
 * step is more than the 0–1 the database's order adds in rerank(), so it holds on PostgreSQL too, where title and
 * original title share a weight label.
 */
const ORIGINAL_TITLE_STEP = 1.05;

function bestTitleBonus(terms: QueryTerm[], row: Pick<MatchRow, 'title' | 'originalTitle'>): number {
  const own = titleBonus(terms, row.title);
  if (!row.originalTitle) return own;
  const original = titleBonus(terms, row.originalTitle);
  return Math.max(own, original >= 1.5 ? original - ORIGINAL_TITLE_STEP : original * 0.9);
}

/** Whether either title holds every word of the query: then nothing needs looking for by likeness. */
const titleHasEveryWord = (terms: QueryTerm[], row: Pick<MatchRow, 'title' | 'originalTitle'>) =>
  titleBonus(terms, row.title) >= 1.5 || (row.originalTitle !== null && titleBonus(terms, row.originalTitle) >= 1.5);

/**
 * A film found only because a title holds the query's CJK runs (its rank is below 0): after every index match
 * (rerank() scores those above 1), before the vague look-alikes (below CLOSE_SIMILARITY), nearer 1 the more of the
 * title the runs make up, so "神隠し" puts "千と千尋の神隠し" before a longer title that also holds it.
 */
function substringScore(contains: string[], row: Pick<MatchRow, 'title' | 'originalTitle'>): number {
  const length = contains.reduce((n, run) => n + run.length, 0);
  let coverage = 0;
  for (const title of [row.title, row.originalTitle]) {
    if (!title) continue;
    const folded = fold(title).replace(/\s+/g, '');
    if (contains.every((run) => folded.includes(run))) coverage = Math.max(coverage, length / folded.length);
  }
  return CLOSE_SIMILARITY + 0.39 * Math.min(1, coverage);
}

/** Index matches keep their order and scores as without `contains`: the substring finds only come after them. */
function rerank(terms: QueryTerm[], rows: MatchRow[], contains: string[] = []): Array<MatchRow & { score: number }> {
  const indexed = rows.filter((row) => row.rank >= 0);
  const n = indexed.length;
  return [
    ...indexed.map((row, i) => ({ ...row, score: 1 + bestTitleBonus(terms, row) + (1 - i / n) })),
    ...rows.filter((row) => row.rank < 0).map((row) => ({ ...row, score: substringScore(contains, row) })),
  ].sort((a, b) => b.score - a.score);
}

/** Whether one of the films has a director or actor whose name holds every term ("linda blair"). */
async function someoneNamed(db: DbOrTx, terms: QueryTerm[], films: MatchRow[]): Promise<boolean> {
  if (films.length === 0) return false;
  const names = await loadPeopleNames(
    db,
    films.map((f) => f.id),
  );
  for (const list of names.values()) {
    for (const name of list) {
      const nameWords = words(name);
      if (terms.every((t) => nameWords.some((w) => matchesWord(t, w)))) return true;
    }
  }
  return false;
}

/**
 * How much a film's title, original title or one of its people's names looks like the query, 0–1: the mean of
 * whole-string and best-words similarity, so "casablance" ranks "Casablanca" above "A Night in Casablanca", and a
 * half-typed "shawshenk" still finds "The Shawshank Redemption".
 */
function lookalikeScore(matcher: TrigramMatcher, titles: Array<string | null>, names: string[]): number {
  const fields: string[] = [];
  for (const title of titles) {
    if (!title) continue;
    const bare = words(title)
      .filter((w) => !STOP_WORDS.has(w))
      .join(' ');
    fields.push(title, bare);
  }
  let best = 0;
  for (const field of [...fields, ...names]) {
    const { similarity, wordSimilarity } = matcher.compare(field);
    best = Math.max(best, (similarity + wordSimilarity) / 2);
  }
  return best;
}

async function withLookalikes(
  db: DbOrTx,
  query: ParsedQuery,
  exact: MatchRow[],
  filter: SearchFilter,
  contains: string[],
): Promise<Array<MatchRow & { score: number }>> {
  const text = query.words.join(' ');
  const matcher = new TrigramMatcher(text);
  const candidates = (await listLookalikes(db, text, filter, LOOKALIKE_CANDIDATES)).filter(
    (c) => !exact.some((e) => e.id === c.id),
  );
  const names = await loadPeopleNames(
    db,
    candidates.map((c) => c.id),
  );
  const close = candidates
    .map((c) => ({
      ...c,
      similarity: lookalikeScore(matcher, [c.title, c.originalTitle], names.get(c.id) ?? []),
    }))
    .filter((c) => c.similarity >= MIN_SIMILARITY)
    // On the scale of rerank() (1 and up): a very close title or name ranks above matches found only in synopses;
    // a vaguer likeness ranks below every film that has all the words.
    .map((c) => ({ ...c, score: c.similarity >= CLOSE_SIMILARITY ? 1 + 3 * c.similarity : c.similarity }));
  return [...rerank(query.terms, exact, contains), ...close].sort((a, b) => b.score - a.score);
}

export async function searchFilms(db: DbOrTx, q: string, options: SearchOptions): Promise<SearchResult> {
  const query = parseQuery(q);
  if (query.terms.length === 0) return { query, hits: [], total: 0, approximate: false };
  const { filter, sort, limit, offset } = options;
  const contains = cjkRuns(q);
  // The best matches first; counting them all is only needed when there are more than fit in the window.
  const best = await listMatches(db, query.terms, filter, {
    sort: 'relevance',
    limit: RERANK_WINDOW,
    offset: 0,
    contains,
  });
  const total = best.length < RERANK_WINDOW ? best.length : await countMatches(db, query.terms, filter, contains);

  let page: Array<MatchRow & { score: number }>;
  let count = total;
  let approximate = false;
  let facts: Awaited<ReturnType<typeof loadResultFacts>> | undefined;
  if (total <= RERANK_WINDOW || (sort === 'relevance' && offset + limit <= RERANK_WINDOW)) {
    // A film found by substring has the query's CJK in a title: as good a sign as a title holding every word.
    const lookAround =
      total < LOOK_AROUND_BELOW &&
      !best.some((e) => e.rank < 0 || titleHasEveryWord(query.terms, e)) &&
      !(await someoneNamed(db, query.terms, best));
    const all = lookAround
      ? await withLookalikes(db, query, best, filter, contains)
      : rerank(query.terms, best, contains);
    approximate = best.length === 0 && all.length > 0;
    if (total <= RERANK_WINDOW) {
      // The whole answer is at hand: ordered and paged here.
      if (sort === 'rating') {
        const known = await loadResultFacts(
          db,
          all.map((r) => r.id),
        );
        facts = known;
        const key = (r: MatchRow) => known.get(r.id)?.rating ?? -1;
        all.sort((a, b) => key(b) - key(a) || b.score - a.score);
      } else if (sort === 'year') {
        all.sort((a, b) => (b.year ?? -1) - (a.year ?? -1) || b.score - a.score);
      }
      count = all.length;
    }
    page = all.slice(offset, offset + limit);
  } else {
    const rows = await listMatches(db, query.terms, filter, { sort, limit, offset, contains });
    page = rows.map((r) => ({ ...r, score: r.rank }));
  }

  const shown =
    facts ??
    (await loadResultFacts(
      db,
      page.map((r) => r.id),
    ));
  const hits = page.map((r) => ({
    slug: r.slug,
    title: r.title,
    originalTitle: r.originalTitle,
    year: r.year,
    category: shown.get(r.id)?.category ?? null,
    rating: shown.get(r.id)?.rating ?? null,
    score: Math.round(r.score * 1000) / 1000,
    snippet: makeSnippet(shown.get(r.id)?.synopsis ?? '', query.terms),
  }));
  return { query, hits, total: count, approximate };
}

export interface Suggestion {
  slug: string;
  title: string;
  originalTitle: string | null;
  year: number | null;
}

/** Titles for the search box while typing: title words only, no counting, no snippets; close spellings if nothing. */
export async function suggestFilms(db: DbOrTx, q: string, limit: number): Promise<Suggestion[]> {
  const query = parseQuery(q);
  // "les m": a lone letter being typed narrows nothing yet; the word before it is matched as a prefix meanwhile.
  const last = query.terms.at(-1);
  if (query.terms.length > 1 && last && last.forms[0]!.length === 1 && !last.prefix) {
    query.terms.pop();
    const previous = query.terms.at(-1)!;
    if (previous.forms.length === 1 && previous.forms[0]!.length >= 2) previous.prefix = true;
  }
  if (query.terms.length === 0) return [];
  const contains = cjkRuns(q);
  const best = await listMatches(
    db,
    query.terms,
    {},
    { sort: 'relevance', limit: 50, offset: 0, titleOnly: true, contains },
  );
  const ranked = best.length ? rerank(query.terms, best, contains) : await withLookalikes(db, query, [], {}, contains);
  return ranked
    .slice(0, limit)
    .map((r) => ({ slug: r.slug, title: r.title, originalTitle: r.originalTitle, year: r.year }));
}

/** Slugs to ids; an unknown one is the visitor's (or client's) mistake, answered 400 naming the field. */
export async function resolveFilter(
  db: DbOrTx,
  params: { category?: string; genre?: string; decade?: number },
): Promise<SearchFilter> {
  const filter: SearchFilter = {};
  if (params.category) {
    filter.categoryId = await findTermId(db, 'categories', params.category);
    if (filter.categoryId === undefined)
      throw new AppError('invalid_field', `category: no category "${params.category}"`, 'category');
  }
  if (params.genre) {
    filter.genreId = await findTermId(db, 'genres', params.genre);
    if (filter.genreId === undefined) throw new AppError('invalid_field', `genre: no genre "${params.genre}"`, 'genre');
  }
  if (params.decade !== undefined) filter.decade = params.decade;
  return filter;
}

export function getFacets(db: DbOrTx): Promise<SearchFacets> {
  return listFacets(db);
}

/**
 * A safety net after admin writes: changes still waiting to be indexed mean the write did not bump a content version
 * (on SQLite the index is rewritten at the bump); bumping it now indexes them, and refreshes cached pages too.
 */
export async function indexPendingChanges(writer: Writer): Promise<boolean> {
  return writer.write(async (uow) => {
    if (!(await hasPendingChanges(uow.tx))) return false;
    uow.touched('catalog');
    return true;
  });
}
