import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import {
  cjkRuns,
  compactKey,
  fold,
  isOneSlipAway,
  nearSpellings,
  oneSlipProbes,
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
  listKnownWords,
  listLookalikes,
  listMatches,
  listTitlesNear,
  loadRankingFacts,
  loadResultFacts,
  type MatchRow,
  type RankingFacts,
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

const meaningfulWords = (text: string) => words(text).filter((w) => !STOP_WORDS.has(w));

/**
 * Title tiers (decision 023): a title made of exactly the query's words, then titles holding them all with more
 * words, then the rest. Each tier is wider apart than what breaks ties inside it (TIE_SPAN), so neither the
 * database's order nor notability ever lifts a film over one whose title is the query.
 */
const EXACT_TITLE = 4;
const TITLE_WITH_MORE = (extra: number) => Math.max(2, 3 - 0.1 * extra);
/** The query's title words make up the title and the other words are its people's names: "alien weaver". */
const TITLE_AND_PERSON = (exact: boolean) => (exact ? 3 : 2.5);
/** Every word is in its people's names: "linda blair", "tom hanks meg ryan". */
const PEOPLE_ONLY = 2;
/**
 * Each more person the query names in full lifts a film by more than the people tier's tie-break (0.1 + 0.5), so the
 * films with both "tom hanks" and "meg ryan" come before the better-known ones with one of them and a "Meg" or a
 * "Ryan" elsewhere in the cast: "films with both people first, best known first". Two names may reach above a title
 * word with a person (2.5); a query of four names has no title word to weigh against.
 */
const PER_MORE_PERSON = 0.65;
/**
 * Inside the people tier the database's order says little (bm25 prefers a short cast list, which is an obscure
 * film's), so it weighs less there and notability decides: "best known first".
 */
const PEOPLE_DB_ORDER_WEIGHT = 0.1;
/** With PEOPLE_DB_ORDER_WEIGHT and NOTABILITY_WEIGHT, below the smallest gap between tiers (1). */
const PROMINENCE_WEIGHT = 0.35;
/**
 * How prominent in the film the people the query names are, 0–1: a director or the first actor billed 1, then less
 * down the billing (the second 0.67, the third 0.5, the seventh 0.25). "jaws spielberg", "alien weaver": the
 * visitor names the director or a star, rarely the ninth name of the cast.
 */
function prominence(terms: QueryTerm[], names: string[], directors: number): number {
  let best = 0;
  names.forEach((name, i) => {
    const nameWords = words(name).filter((w) => w.length >= 2);
    if (!nameWords.some((w) => terms.some((t) => matchesWord(t, w)))) return;
    best = Math.max(best, i < directors ? 1 : 1 / (1 + (i - directors) / 2));
  });
  return best;
}
/** A title found through a near spelling of a word no film has ranks this much below the same title typed right. */
const NEAR_SPELLING_STEP = 0.5;
/** The database's order (0–1) and notability (0–1) together stay below this; the smallest gap between tiers is 1. */
const DB_ORDER_WEIGHT = 0.45;
const NOTABILITY_WEIGHT = 0.5;
/** A typed year: the film of that year first among those whose titles match alike, the next year's a little. */
const SAME_YEAR = 1.2;
const NEAR_YEAR = 0.3;
/** The all-but-one retry runs one query per word of 4+ letters, for queries of at most this many words. */
const MISSPELLED_RETRY_TERMS = 6;
/** A misspelled title word still counts when its trigrams are this much like a word of the title. */
const FUZZY_WORD = 0.45;

/**
 * Trigrams undersell one slip in a short word: "teas" shares 3 of 8 trigrams with "texas" (0.375). A word one letter
 * changed, put in, left out or swapped away counts as this alike (so it passes FUZZY_WORD, and weighs less than a
 * word typed right).
 */
const ONE_SLIP_LIKENESS = 0.7;
function wordLikeness(matcher: TrigramMatcher, typed: string, word: string): number {
  const trigrams = matcher.compare(word).similarity;
  if (trigrams >= ONE_SLIP_LIKENESS) return trigrams;
  const slip = isOneSlipAway(typed, word) || isOneSlipAway(word, typed) || nearSpellings(typed).includes(word);
  return slip ? ONE_SLIP_LIKENESS : trigrams;
}

/** A title's words without spaces or marks: "Spider-Man" and "spiderman", "Ghostbusters" and "ghost busters" meet. */
const compact = (parts: string[]) => parts.join('');

/**
 * The last word matched only the start of a longer title word ("the wich" in "Wichita"): a word still being typed,
 * or a misspelled one ("The Witch"). Such a title ranks this much below one that has the word whole, as much as a
 * title found through a near spelling (NEAR_SPELLING_STEP), so notability decides between the two readings.
 */
const PREFIX_ONLY_STEP = 0.5;
function onlyAsPrefix(terms: QueryTerm[], titleWords: string[]): boolean {
  const last = terms.at(-1);
  if (!last?.prefix) return false;
  return !titleWords.some((w) => last.forms.includes(w)) && titleWords.some((w) => w.startsWith(last.forms[0]!));
}

function titleBonus(terms: QueryTerm[], title: string): number {
  const titleWords = meaningfulWords(title);
  const inTitle = terms.filter((t) => titleWords.some((w) => matchesWord(t, w))).length;
  let bonus = inTitle / terms.length;
  if (inTitle === terms.length) {
    // Every title word typed, too: "breaker breaker" is not the whole of "The Ghost Breaker".
    const whole = titleWords.length === terms.length && titleWords.every((w) => terms.some((t) => matchesWord(t, w)));
    bonus = whole
      ? EXACT_TITLE - (onlyAsPrefix(terms, titleWords) ? PREFIX_ONLY_STEP : 0)
      : TITLE_WITH_MORE(titleWords.length - terms.length);
  }
  // Typed without the marks inside the title, or split elsewhere: the same letters in the same order.
  const typed = compact(terms.map((t) => t.forms[0]!));
  const own = compact(titleWords);
  if (typed.length >= 3 && own === typed) return EXACT_TITLE;
  if (typed.length >= 4 && own.startsWith(typed)) bonus = Math.max(bonus, TITLE_WITH_MORE(1));
  return bonus;
}

/**
 * An original title made of the query's words counts one step less than such a title: "le fabuleux destin d'amelie
 * poulain" finds "Amélie" first, but a film *titled* as the query comes before one only originally titled so.
 */
const ORIGINAL_TITLE_STEP = 1.05;

function bestTitleBonus(terms: QueryTerm[], row: Pick<MatchRow, 'title' | 'originalTitle'>): number {
  const own = titleBonus(terms, row.title);
  if (!row.originalTitle) return own;
  const original = titleBonus(terms, row.originalTitle);
  // Still above a film that only has the words in its people's names (a director called "Fauno Laberinto").
  return Math.max(own, original >= 2 ? Math.max(PEOPLE_ONLY + 0.1, original - ORIGINAL_TITLE_STEP) : original * 0.9);
}

/** Whether either title holds every word of the query: then nothing needs looking for by likeness. */
const titleHasEveryWord = (terms: QueryTerm[], row: Pick<MatchRow, 'title' | 'originalTitle'>) =>
  titleBonus(terms, row.title) >= 2 || (row.originalTitle !== null && titleBonus(terms, row.originalTitle) >= 2);

/**
 * A query that names people as well as (or instead of) a title: each term is explained by a title word, a person's
 * name, or (when `fuzzy`) a title word it looks like. Returns the bonus when every term is explained and at least
 * one by a name; the title words, if any, must then be the whole title for the higher step, and a misspelled one
 * lowers it by its likeness.
 */
function personBonus(terms: QueryTerm[], row: MatchRow, names: string[], fuzzy: boolean): number {
  const nameWords = new Set(names.flatMap((n) => words(n)));
  const titleWords = meaningfulWords(row.title);
  const original = row.originalTitle ? meaningfulWords(row.originalTitle) : [];
  let byName = 0;
  let byTitle = 0;
  let likeness = 1;
  for (const term of terms) {
    if (titleWords.some((w) => matchesWord(term, w)) || original.some((w) => matchesWord(term, w))) byTitle++;
    else if ([...nameWords].some((w) => matchesWord(term, w))) byName++;
    else if (fuzzy && term.forms[0]!.length >= 4) {
      const typed = term.forms[0]!;
      const matcher = new TrigramMatcher(typed);
      const best = Math.max(0, ...[...titleWords, ...original].map((w) => wordLikeness(matcher, typed, w)));
      if (best < FUZZY_WORD) return 0;
      byTitle++;
      likeness = Math.min(likeness, best);
    } else return 0;
  }
  if (byName === 0) {
    // The all-but-one retry with no name in the query: a title word misspelled into another word ("ransom" for
    // "random"), which no near spelling looks for since some film has it. The title counts, less its likeness.
    if (!fuzzy || likeness === 1) return 0;
    const exact = byTitle === titleWords.length || byTitle === original.length;
    return (exact ? EXACT_TITLE : TITLE_WITH_MORE(titleWords.length - byTitle)) * (0.6 + 0.4 * likeness);
  }
  if (byTitle === 0) return PEOPLE_ONLY + PER_MORE_PERSON * Math.min(2, peopleNamed(terms, names) - 1);
  const exact = byTitle === titleWords.length || byTitle === original.length;
  return TITLE_AND_PERSON(exact) * (likeness === 1 ? 1 : 0.6 + 0.4 * likeness);
}

/**
 * How many of the film's people the query names in full ("tom hanks meg ryan": 2 in Sleepless in Seattle): each word
 * of two letters or more of the name is one of the query's words.
 */
function peopleNamed(terms: QueryTerm[], names: string[]): number {
  let named = 0;
  for (const name of new Set(names)) {
    const nameWords = words(name).filter((w) => w.length >= 2);
    if (nameWords.length > 0 && nameWords.every((w) => terms.some((t) => matchesWord(t, w)))) named++;
  }
  return Math.max(1, named);
}

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

interface RankContext {
  terms: QueryTerm[];
  year: number | undefined;
  facts: Map<number, RankingFacts>;
  contains: string[];
  /** Misspelled title words may count (the all-but-one retry). */
  fuzzy?: boolean;
}

function yearBonus(year: number | undefined, row: MatchRow): number {
  if (year === undefined || row.year === null) return 0;
  const off = Math.abs(row.year - year);
  return off === 0 ? SAME_YEAR : off === 1 ? NEAR_YEAR : 0;
}

/** Index matches keep their order and scores as without `contains`: the substring finds only come after them. */
function rerank(rows: MatchRow[], context: RankContext): Scored[] {
  const { terms, facts } = context;
  const indexed = rows.filter((row) => row.rank >= 0);
  const n = indexed.length;
  return [
    ...indexed.map((row, i) => {
      const fact = facts.get(row.id);
      const byTitle = bestTitleBonus(terms, row);
      const byPerson = fact ? personBonus(terms, row, fact.names, context.fuzzy ?? false) : 0;
      const bonus = Math.max(byTitle, byPerson);
      // People answer: the database's order says little there (bm25 and ts_rank weigh the length of the cast list
      // differently, so the two databases disagreed). People alone: the best known first (issue 19). Title words
      // and a person: the person picks among films of that title word, by how prominent they are in it, the same on
      // both databases.
      const byPeople = fact !== undefined && byPerson > byTitle;
      const withTitle = byPeople && byTitle > 0;
      const order = byPeople ? PEOPLE_DB_ORDER_WEIGHT : DB_ORDER_WEIGHT;
      const tie =
        order * (1 - i / n) +
        NOTABILITY_WEIGHT * (fact?.notability ?? 0) +
        (withTitle ? PROMINENCE_WEIGHT * prominence(terms, fact.names, fact.directors) : 0);
      return { ...row, score: 1 + bonus + yearBonus(context.year, row) + tie };
    }),
    ...rows.filter((row) => row.rank < 0).map((row) => ({ ...row, score: substringScore(context.contains, row) })),
  ].sort((a, b) => b.score - a.score);
}

type Scored = MatchRow & { score: number };

/**
 * How much a film's title, original title or one of its people's names looks like the query, 0–1. For titles the
 * whole-string likeness weighs more than the best run of words, so "the godfater" ranks "The Godfather" above a
 * longer title that merely contains the word; a half-typed "shawshenk" still finds "The Shawshank Redemption".
 */
function lookalikeScore(matcher: TrigramMatcher, titles: Array<string | null>, names: string[]): number {
  let best = 0;
  for (const title of titles) {
    if (!title) continue;
    for (const field of [title, meaningfulWords(title).join(' ')]) {
      const { similarity, wordSimilarity } = matcher.compare(field);
      best = Math.max(best, 0.6 * similarity + 0.4 * wordSimilarity);
    }
  }
  for (const name of names) {
    const { similarity, wordSimilarity } = matcher.compare(name);
    best = Math.max(best, (similarity + wordSimilarity) / 2);
  }
  return best;
}

async function withLookalikes(
  db: DbOrTx,
  query: ParsedQuery,
  ranked: Scored[],
  filter: SearchFilter,
): Promise<Scored[]> {
  const text = query.words.join(' ');
  const matcher = new TrigramMatcher(text);
  const candidates = (await listLookalikes(db, text, filter, LOOKALIKE_CANDIDATES)).filter(
    (c) => !ranked.some((e) => e.id === c.id),
  );
  const facts = await loadRankingFacts(
    db,
    candidates.map((c) => c.id),
  );
  const close = candidates
    .map((c) => ({
      ...c,
      similarity: lookalikeScore(matcher, [c.title, c.originalTitle], facts.get(c.id)?.names ?? []),
      notability: facts.get(c.id)?.notability ?? 0,
    }))
    .filter((c) => c.similarity >= MIN_SIMILARITY)
    // On the scale of rerank(): a very close title or name ranks above matches found only in synopses, notability
    // ordering look-alikes that are about as close; a vaguer likeness ranks below every film that has all the words.
    .map((c) => ({
      ...c,
      score:
        c.similarity >= CLOSE_SIMILARITY ? 1 + 3.5 * c.similarity + NOTABILITY_WEIGHT * c.notability : c.similarity,
    }));
  return [...ranked, ...close].sort((a, b) => b.score - a.score);
}

/**
 * A year typed with other words ("little women 1994") picks a version instead of being a word to find: it is taken
 * out of the terms, and the films of that year come first among those that match alike. A year alone stays a word.
 */
function takeYear(terms: QueryTerm[]): { terms: QueryTerm[]; year: number | undefined } {
  if (terms.length < 2) return { terms, year: undefined };
  const latest = new Date().getUTCFullYear() + 5;
  const at = terms.findLastIndex((t) => /^\d{4}$/.test(t.forms[0]!) && +t.forms[0]! >= 1880 && +t.forms[0]! <= latest);
  if (at < 0) return { terms, year: undefined };
  const rest = terms
    .filter((_, i) => i !== at)
    .map((t, i, all) => ({
      ...t,
      prefix:
        i === all.length - 1 &&
        t.forms[0]!.length >= 2 &&
        (t.prefix || at === terms.length - 1) &&
        !/^\d+$/.test(t.forms[0]!),
    }));
  return { terms: rest, year: Number(terms[at]!.forms[0]) };
}

/** The query's words less the typed year (its last occurrence). */
function withoutYear(queryWords: string[], year: number): string[] {
  const at = queryWords.lastIndexOf(String(year));
  return at < 0 ? queryWords : queryWords.filter((_, i) => i !== at);
}

/** Every way to cut a word in two, for titles written with a mark inside it ("Spider-Man", "Warrior's", "WALL-E"). */
function withSplits(terms: QueryTerm[]): QueryTerm[] {
  if (terms.length > 4) return terms;
  return terms.map((t) => {
    const word = t.forms[0]!;
    if (t.forms.length > 1 || word.length < 4 || word.length > 16 || !/^\p{L}+$/u.test(word)) return t;
    const splits: Array<[string, string]> = [];
    // Pieces of two letters are left out: their posting lists are long and a title rarely has them ("x men",
    // "warrior s" and "spider man" are kept).
    for (let i = 1; i < word.length; i++) {
      const [a, b] = [word.slice(0, i), word.slice(i)];
      if (a.length !== 2 && b.length !== 2) splits.push([a, b]);
    }
    return { ...t, splits };
  });
}

/**
 * People's names and notability are read for the candidates that can still reach the first page: those whose title
 * and year already score best, then the database's best (it weighs names above synopses). Reading them for the whole
 * window doubled the time of an ordinary query on SQLite.
 */
const FACTS_FOR = 40;
function factsFor(rows: MatchRow[], terms: QueryTerm[], year: number | undefined): number[] {
  if (rows.length <= FACTS_FOR) return rows.map((r) => r.id);
  const byTitle = rows
    .map((row, i) => ({ id: row.id, key: bestTitleBonus(terms, row) + yearBonus(year, row) - i / rows.length }))
    .sort((a, b) => b.key - a.key)
    .slice(0, FACTS_FOR / 2)
    .map((r) => r.id);
  return [...new Set([...byTitle, ...rows.slice(0, FACTS_FOR).map((r) => r.id)])].slice(0, FACTS_FOR);
}

const isWholeAnswer = (row: Scored) => row.score >= 1 + PEOPLE_ONLY;

export async function searchFilms(db: DbOrTx, q: string, options: SearchOptions): Promise<SearchResult> {
  const query = parseQuery(q);
  if (query.terms.length === 0) return { query, hits: [], total: 0, approximate: false };
  const { filter, sort, limit, offset } = options;
  const contains = cjkRuns(q);
  const { terms, year } = takeYear(query.terms);
  // The words typed together as a title's compact key: "new years eve" finds "New Year's Eve" in the same query.
  const key =
    contains.length === 0 ? compactKey(year === undefined ? query.words : withoutYear(query.words, year)) : undefined;
  const matchOptions = { sort: 'relevance' as const, limit: RERANK_WINDOW, offset: 0, contains, alternative: key };
  // The best matches first; counting them all is only needed when there are more than fit in the window.
  let best = await listMatches(db, terms, filter, matchOptions);
  if (year !== undefined && best.length === RERANK_WINDOW) {
    // Among many matches the version of that year may be past the window: its years are looked at on their own.
    const ofYear = await listMatches(db, terms, { ...filter, years: [year - 1, year + 1] }, matchOptions);
    best = [...ofYear, ...best.filter((b) => !ofYear.some((y) => y.id === b.id))];
  }
  let alternative = key;
  let resplit = false;
  if (
    (best.length < LOOK_AROUND_BELOW || terms.length === 1) &&
    !best.some((b) => titleHasEveryWord(terms, b)) &&
    contains.length === 0
  ) {
    // No title holds the words as typed: maybe they are written apart or together differently ("spiderman",
    // "ghost busters"). Only then, since a phrase of one letter reads a long posting list.
    alternative = terms.length >= 2 && terms.length <= 4 ? compact(terms.map((t) => t.forms[0]!)) : key;
    resplit = true;
    const found = await listMatches(db, withSplits(terms), filter, { ...matchOptions, alternative });
    best = [...best, ...found.filter((r) => !best.some((b) => b.id === r.id))].slice(0, RERANK_WINDOW);
  }
  const matchTerms = resplit ? withSplits(terms) : terms;
  const total =
    best.length < RERANK_WINDOW ? best.length : await countMatches(db, matchTerms, filter, contains, alternative);

  let page: Scored[];
  let count = total;
  let approximate = false;
  let facts: Awaited<ReturnType<typeof loadResultFacts>> | undefined;
  if (total <= RERANK_WINDOW || (sort === 'relevance' && offset + limit <= RERANK_WINDOW)) {
    const context: RankContext = {
      terms,
      year,
      contains,
      facts: await loadRankingFacts(db, factsFor(best, terms, year)),
    };
    let all = rerank(best, context);
    // A film found by substring has the query's CJK in a title: as good a sign as a title holding every word.
    const answered = all.some((e) => e.rank < 0 || isWholeAnswer(e) || titleHasEveryWord(terms, e));
    const lookAround = total < LOOK_AROUND_BELOW && !all.some((e) => e.rank < 0 || isWholeAnswer(e));
    // Answered only by titles that continue the last word, one of them as a whole title: the word may be misspelled
    // instead ("the wich" → "Wichita", meant "The Witch"). Not for "shawsh": no title is that word continued alone.
    const byPrefixOnly =
      answered &&
      all.some((e) => bestTitleBonus(terms, e) === EXACT_TITLE - PREFIX_ONLY_STEP) &&
      !all.some(
        (e) =>
          e.rank < 0 ||
          ((isWholeAnswer(e) || titleHasEveryWord(terms, e)) && !onlyAsPrefix(terms, meaningfulWords(e.title))),
      );
    if ((!answered || byPrefixOnly) && contains.length === 0) {
      const typed = year === undefined ? query.words : withoutYear(query.words, year);
      all = await withNearSpellings(db, terms, typed, all, context, filter);
    }
    if (!answered && total < LOOK_AROUND_BELOW && terms.length >= 2 && terms.length <= MISSPELLED_RETRY_TERMS) {
      all = await withOneMisspelled(db, terms, all, context, filter);
    }
    if (lookAround) all = await withLookalikes(db, query, all, filter);
    approximate = best.length === 0 && all.length > 0;
    if (total <= RERANK_WINDOW) {
      count = all.length;
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
    }
    page = all.slice(offset, offset + limit);
  } else {
    const rows = await listMatches(db, matchTerms, filter, { sort, limit, offset, contains, alternative });
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
    posterKey: shown.get(r.id)?.posterKey ?? null,
    genre: shown.get(r.id)?.genre ?? null,
    score: Math.round(r.score * 1000) / 1000,
    snippet: makeSnippet(shown.get(r.id)?.synopsis ?? '', query.terms),
  }));
  return { query, hits, total: count, approximate };
}

/**
 * Nothing answers the whole query: one word may be misspelled ("godfater brando", "forest gump hanks"). The films
 * that have every other word are scored with the left-out word counted when it looks like a word of the title, so
 * the person's films lift the title the misspelling meant.
 */
async function withOneMisspelled(
  db: DbOrTx,
  terms: QueryTerm[],
  ranked: Scored[],
  context: RankContext,
  filter: SearchFilter,
): Promise<Scored[]> {
  const found = new Map<number, MatchRow>();
  for (let i = 0; i < terms.length; i++) {
    if (terms[i]!.forms[0]!.length < 4) continue;
    // The words left are taken as typed in full: "brando" is a surname, not the start of "Brandon".
    const others = terms.filter((_, k) => k !== i).map((t) => ({ ...t, prefix: false }));
    const rows = await listMatches(db, others, filter, { sort: 'relevance', limit: RERANK_WINDOW, offset: 0 });
    for (const row of rows) if (!ranked.some((r) => r.id === row.id)) found.set(row.id, row);
  }
  if (found.size === 0) return ranked;
  const rows = [...found.values()];
  const facts = await loadRankingFacts(
    db,
    rows.map((r) => r.id),
  );
  const retried = rerank(rows, { ...context, facts, fuzzy: true }).filter((r) => r.score >= 1 + PEOPLE_ONLY);
  return [...ranked, ...retried].sort((a, b) => b.score - a.score);
}

/**
 * Nothing answers the query and some of its words are in no film at all: they are probably misspelled in a way the
 * trigram fallback cannot see (two letters swapped, "teh godfahter"; a letter doubled). Such a word is matched by
 * its near spellings too (nearSpellings(), a few per word, OR-ed in the same index query on both databases); one
 * whose near spelling is an article is dropped ("teh"). Films that the corrected words answer as a whole (a title, a
 * title and a person, people) rank one step below the same answer typed right, above vaguer look-alikes.
 */
async function withNearSpellings(
  db: DbOrTx,
  terms: QueryTerm[],
  typed: string[],
  ranked: Scored[],
  context: RankContext,
  filter: SearchFilter,
): Promise<Scored[]> {
  const checkable = terms.filter(
    (t) => t.forms.length === 1 && t.forms[0]!.length >= 3 && /^\p{L}+$/u.test(t.forms[0]!),
  );
  if (checkable.length === 0) return ranked;
  const known = await listKnownWords(
    db,
    checkable.map((t) => t.forms[0]!),
  );
  const unknown = new Set(checkable.map((t) => t.forms[0]!).filter((w) => !known.has(w)));
  if (unknown.size === 0) return ranked;
  const inTitles = new Map<string, string[]>();
  for (const word of unknown) inTitles.set(word, await titleWordsOneSlipAway(db, typed, word));
  const corrected = terms.flatMap((t): QueryTerm[] => {
    const word = t.forms[0]!;
    if (!unknown.has(word)) return [t];
    const near = nearSpellings(word);
    if (near.some((w) => STOP_WORDS.has(w))) return [];
    return [{ forms: [...new Set([word, ...near, ...(inTitles.get(word) ?? [])])], prefix: false }];
  });
  if (corrected.length === 0) return ranked;
  const rows = (
    await listMatches(db, corrected, filter, { sort: 'relevance', limit: RERANK_WINDOW, offset: 0 })
  ).filter((row) => !ranked.some((r) => r.id === row.id));
  if (rows.length === 0) return ranked;
  const facts = await loadRankingFacts(db, factsFor(rows, corrected, context.year));
  const found = rerank(rows, { ...context, terms: corrected, facts })
    .filter((r) => r.score >= 1 + PEOPLE_ONLY)
    .map((r) => ({ ...r, score: r.score - NEAR_SPELLING_STEP }));
  return [...ranked, ...found].sort((a, b) => b.score - a.score);
}

/** Title words a letter typed wrong or left out turns into `word` reaches this many films' titles at most. */
const NEAR_TITLE_FILMS = 300;
/** At most this many such words per typed word, the commonest in those titles first (each is a form OR-ed in). */
const NEAR_TITLE_WORDS = 12;

/**
 * The title words one letter changed or put in away from a word no film has ("heathrs" → "heathers", "wors" →
 * "wars", "shawshenk" → "shawshank"): the spellings a trigram fallback that ORs the rarest trigrams misses, since
 * those are the broken ones. Found in the same way on both databases (titlesNear(): the word's pieces around the
 * slip, looked up in the trigram indexes), checked here word by word. Words of 4+ letters only.
 */
async function titleWordsOneSlipAway(db: DbOrTx, typed: string[], word: string): Promise<string[]> {
  const at = typed.indexOf(word);
  if (word.length < 4 || at < 0) return [];
  const titles = await listTitlesNear(db, oneSlipProbes(typed, at), NEAR_TITLE_FILMS);
  const seen = new Map<string, number>();
  for (const title of titles) {
    for (const w of new Set(words(title))) if (isOneSlipAway(word, w)) seen.set(w, (seen.get(w) ?? 0) + 1);
  }
  return [...seen]
    .sort((a, b) => b[1] - a[1])
    .slice(0, NEAR_TITLE_WORDS)
    .map(([w]) => w);
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
  const context = {
    terms: query.terms,
    year: undefined,
    contains,
    facts: await loadRankingFacts(db, factsFor(best, query.terms, undefined)),
  };
  const ranked = best.length ? rerank(best, context) : await withLookalikes(db, query, [], {});
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
