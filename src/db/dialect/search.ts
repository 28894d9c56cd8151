import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { isPostgres } from './index.js';

/**
 * Full-text search, the one place the two databases differ most: SQLite FTS5 with bm25, PostgreSQL tsvector with
 * ts_rank and pg_trgm. Callers pass already-normalised terms (features/search/query.ts) and get back derived tables
 * of film ids with a rank (higher is better) that they join, filter and sort like any other table.
 */
export interface SearchTerm {
  forms: string[];
  prefix: boolean;
  /**
   * The word cut in two: "spiderman" also matches the adjacent words "spider man" ("Spider-Man"), "warriors"
   * "warrior s" ("Warrior's"). The second piece is a prefix when the term is, unless it is one letter.
   */
  splits?: Array<[string, string]>;
}

// biome-ignore lint/suspicious/noExplicitAny: the dialect helpers work on any schema; callers pass their typed db.
type Executor = Kysely<any> | Transaction<any>;
type Ranked = RawBuilder<{ film_id: number; rank: number }>;

export interface MatchOptions {
  titleOnly?: boolean;
  top?: number;
  contains?: string[];
  /** One word that may stand for all the terms, in a title only: "ghost busters" also finds "Ghostbusters". */
  alternative?: string;
}

export interface SearchDialect {
  /**
   * `(film_id, rank)` of every film that matches all terms, or of the best `top` only (ranked inside the index, before
   * any join: much cheaper for common words); `titleOnly` (title and original title) for suggestions while typing.
   * `contains`: also films whose title or original title holds each of these strings (the CJK runs of the query,
   * which the indexes only know whole); a film found that way only has a rank below 0, every index match one above.
   */
  matches(terms: SearchTerm[], options?: MatchOptions): Ranked;
  /** `(film_id, rank)` of films whose title, original title or people's names look like `text` (the typo fallback), best `limit`. */
  lookalikes(db: Executor, text: string, limit: number): Promise<Ranked>;
  /** Which of these words some film has as a whole word, in any field: a word no film has is likely misspelled. */
  knownWords(db: Executor, words: string[]): Promise<Set<string>>;
  /**
   * Titles and original titles of at most `limit` films that may hold, for one of the probes, `left`, any one
   * character, then `right`: at least every such title (PostgreSQL checks the whole pattern, SQLite only that its
   * pieces of three characters or more occur; the caller checks the words).
   */
  titlesNear(db: Executor, probes: Array<{ left: string; right: string }>, limit: number): Promise<string[]>;
}

// Terms reach here as runs of letters, digits and combining marks only (query.ts), so they cannot carry query syntax.
const safe = (form: string) => form.replace(/[^\p{L}\p{N}\p{M}]/gu, '');

/**
 * Trigrams of the query the way FTS5's trigram tokenizer stores them (lower case, no padding), the ones across a word
 * break included: in "star wors", "r w" is rarer than any trigram inside the words.
 */
function queryTrigrams(text: string): string[] {
  const clean = text.split(/\s+/).map(safe).filter(Boolean).join(' ');
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= clean.length; i++) grams.add(clean.slice(i, i + 3));
  return [...grams];
}

/**
 * The rarest trigrams carry the identity of a word, and few of them keep the OR query small: at least 3, then more
 * while the films they occur in stay under ~800 (bm25 is computed for every film the OR matches).
 */
function rarest(counts: Array<{ term: string; doc: number }>): string[] {
  const sorted = [...counts].sort((a, b) => a.doc - b.doc);
  const chosen: string[] = [];
  let films = 0;
  for (const { term, doc } of sorted) {
    if (chosen.length >= 3 && films + doc > 800) break;
    chosen.push(term);
    films += doc;
  }
  return chosen;
}

/** A LIKE pattern for "holds `text`": `%`, `_` and the escape character in it are taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** Every run in the title or in the original title. */
function holdsAll(runs: string[], title: RawBuilder<unknown>, original: RawBuilder<unknown>) {
  return sql.join(
    runs.map((run) => {
      const pattern = containsPattern(run);
      return sql`(${title} like ${pattern} escape '\\' or ${original} like ${pattern} escape '\\')`;
    }),
    sql` and `,
  );
}

/**
 * Ranks in (-1, 0) for films found by substring: below any index match (bm25 and ts_rank give more than 0), shorter
 * titles first, so a title that is little more than the query leads.
 */
const substringRank = (title: RawBuilder<unknown>, original: RawBuilder<unknown>) =>
  sql`cast(-1.0 + 1.0 / (1 + length(${title}) + coalesce(length(${original}), 0)) as double precision)`;

const limitTo = (top: number | undefined) => (top === undefined ? sql`` : sql` order by rank desc limit ${top}`);

/** The index's matches, and the films found by substring that the index missed, each film once. */
function withContaining(index: Ranked, containing: Ranked | undefined): Ranked {
  if (!containing) return index;
  return sql`(select film_id, max(rank) as rank from (
      select film_id, rank from ${index} as i
      union all
      select film_id, rank from ${containing} as c
    ) found group by film_id)`;
}

/**
 * CJK has no letter case, so the titles as stored are compared with the folded runs. No index can find a piece of a
 * word: this scans, for queries with CJK characters only, the titles' own index (films_titles_idx, which covers the
 * query: ~3 ms over 36,267 films, against ~29 ms reading `films` and its synopses).
 */
function sqliteContaining(runs: string[], top: number | undefined): Ranked {
  const [title, original] = [sql.ref('f.title'), sql.ref('f.original_title')];
  return sql`(select f.id as film_id, ${substringRank(title, original)} as rank
    from films f where ${holdsAll(runs, title, original)}${limitTo(top)})`;
}

const sqlite: SearchDialect = {
  matches(terms, options = {}) {
    const expression = terms
      .map((t) => {
        const forms = t.forms.map((f, i) => `"${safe(f)}"${i === 0 && t.prefix ? '*' : ''}`);
        // A one-letter prefix would read every word starting with it.
        for (const [a, b] of t.splits ?? [])
          forms.push(`"${safe(a)} ${safe(b)}"${t.prefix && b.length > 1 ? '*' : ''}`);
        return forms.length > 1 ? `(${forms.join(' OR ')})` : forms[0];
      })
      .join(' AND ');
    const scoped = options.titleOnly ? `{title original_title} : (${expression})` : expression;
    const match = options.alternative
      ? `(${scoped}) OR {title original_title} : "${safe(options.alternative)}"*`
      : scoped;
    // bm25 weights per column: title, original title, directors, cast, synopsis (lower bm25 is better, so it is
    // negated).
    const top = options.top === undefined ? sql`` : sql` order by rank desc limit ${options.top}`;
    return withContaining(
      sql`(select rowid as film_id, -bm25(search_fts, 10.0, 7.0, 4.0, 3.0, 1.0) as rank
        from search_fts where search_fts match ${match}${top})`,
      options.contains?.length ? sqliteContaining(options.contains, options.top) : undefined,
    );
  },
  async lookalikes(db, text, limit) {
    const grams = queryTrigrams(text);
    const counts = grams.length
      ? await sql<{ term: string; doc: number }>`select term, doc from search_trigram_stats
          where term in (${sql.join(grams)})`.execute(db)
      : { rows: [] };
    const rare = rarest(counts.rows).map((term) => `"${term.replace(/"/g, '""')}"`);
    const expression = rare.join(' OR ') || '"\u0001"';
    return sql`(select rowid as film_id, -bm25(search_trigrams, 2.0, 1.5, 1.0) as rank
      from search_trigrams where search_trigrams match ${expression} order by rank desc limit ${limit})`;
  },
  async knownWords(db, words) {
    const clean = words.map(safe).filter(Boolean);
    if (clean.length === 0) return new Set();
    // One index probe per word (limit 1 stops at the first film).
    const probes = clean.map(
      (w) => sql`select ${w} as word where exists (select 1 from search_fts where search_fts match ${`"${w}"`})`,
    );
    const { rows } = await sql<{ word: string }>`${sql.join(probes, sql` union all `)}`.execute(db);
    return new Set(rows.map((r) => r.word));
  },
  async titlesNear(db, probes, limit) {
    // The trigram table finds substrings (its phrases may hold spaces); the one unknown letter between the pieces is
    // checked by the caller. Without `order by` FTS5 stops at the limit instead of ranking every match.
    const piece = (text: string) => text.replace(/[^\p{L}\p{N} ]/gu, '');
    const alternatives = probes
      .map((p) =>
        [piece(p.left), piece(p.right)]
          .filter((s) => s.trim().length >= 3)
          .map((s) => `"${s}"`)
          .join(' AND '),
      )
      .filter(Boolean);
    if (alternatives.length === 0) return [];
    const match = `{title original_title} : (${alternatives.map((a) => `(${a})`).join(' OR ')})`;
    const { rows } = await sql<{ title: string; original_title: string }>`select title, original_title
      from search_trigrams where search_trigrams match ${match} limit ${limit}`.execute(db);
    return rows.flatMap((r) => (r.original_title ? [r.title, r.original_title] : [r.title]));
  },
};

/**
 * The folded titles of search_documents (lower case; unaccent leaves CJK as it is): their trigram GIN indexes serve
 * LIKE for runs of three characters or more; shorter runs scan search_documents_titles_idx, which covers the query
 * (~5 ms over 36,267 films, against ~16 ms reading the table and its tsvectors).
 */
function postgresContaining(runs: string[], top: number | undefined): Ranked {
  const [title, original] = [sql.ref('d.title'), sql.ref('d.original_title')];
  return sql`(select d.film_id, ${substringRank(title, original)} as rank
    from search_documents d where ${holdsAll(runs, title, original)}${limitTo(top)})`;
}

const postgres: SearchDialect = {
  matches(terms, options = {}) {
    // A lexeme with weight label A matches the title or the original title only (they share the label).
    const weight = options.titleOnly ? 'A' : '';
    const expression = terms
      .map((t) => {
        const forms = t.forms.map((f, i) => {
          const prefix = i === 0 && t.prefix ? '*' : '';
          return prefix || weight ? `${safe(f)}:${prefix}${weight}` : safe(f);
        });
        for (const [a, b] of t.splits ?? []) {
          const last = `${t.prefix && b.length > 1 ? '*' : ''}${weight}`;
          forms.push(`(${safe(a)}${weight ? `:${weight}` : ''} <-> ${safe(b)}${last ? `:${last}` : ''})`);
        }
        return forms.length > 1 ? `(${forms.join(' | ')})` : forms[0];
      })
      .join(' & ');
    const alternative = options.alternative ? ` | ${safe(options.alternative)}:*A` : '';
    // Weights for D (synopsis), C (cast), B (directors), A (title and original title): the same order as the SQLite
    // column weights; PostgreSQL has four labels, so the re-ranking tells the two titles apart.
    const top = options.top === undefined ? sql`` : sql` order by rank desc limit ${options.top}`;
    return withContaining(
      sql`(select d.film_id, ts_rank('{0.1, 0.3, 0.4, 1.0}', d.document, q) as rank
        from search_documents d, to_tsquery('simple', ${`(${expression})${alternative}`}) q where d.document @@ q${top})`,
      options.contains?.length ? postgresContaining(options.contains, options.top) : undefined,
    );
  },
  async lookalikes(db, text, limit) {
    // One branch per measure, each with an operator the trigram GIN indexes serve (pg_trgm's default thresholds,
    // 0.3 and 0.6) and only its own function to compute.
    const candidates = sql<{ film_id: number; rank: number }>`select film_id, max(rank) as rank from (
        (select d.film_id, public.similarity(d.title, ${text}) as rank from search_documents d
          where d.title operator(public.%) ${text} order by rank desc limit ${limit})
        union all
        (select d.film_id, public.word_similarity(${text}, d.title) as rank from search_documents d
          where d.title operator(public.%>) ${text} order by rank desc limit ${limit})
        union all
        (select d.film_id, public.similarity(d.original_title, ${text}) as rank from search_documents d
          where d.original_title operator(public.%) ${text} order by rank desc limit ${limit})
        union all
        (select d.film_id, public.word_similarity(${text}, d.original_title) as rank from search_documents d
          where d.original_title operator(public.%>) ${text} order by rank desc limit ${limit})
        union all
        (select d.film_id, public.word_similarity(${text}, d.names) as rank from search_documents d
          where d.names operator(public.%>) ${text} order by rank desc limit ${limit})
      ) found group by film_id order by rank desc limit ${limit}`;
    // The planner prices pg_trgm's functions like an addition and picks a sequential scan on a catalog of a few
    // thousand films, computing word_similarity() for every row (~90 ms on the demo catalog against ~5 ms through
    // the indexes). Within a transaction of its own the scan is ruled out for this one query.
    const rows = db.isTransaction
      ? (await candidates.execute(db)).rows
      : await db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          return (await candidates.execute(trx)).rows;
        });
    if (rows.length === 0) return sql`(select 0 as film_id, 0.0 as rank where false)`;
    const values = rows.map((r) => sql`(${r.film_id}::integer, ${r.rank}::double precision)`);
    return sql`(select * from (values ${sql.join(values)}) as found(film_id, rank))`;
  },
  async knownWords(db, words) {
    const clean = words.map(safe).filter(Boolean);
    if (clean.length === 0) return new Set();
    const { rows } = await sql<{ word: string }>`select w as word from unnest(${clean}::text[]) w
      where exists (select 1 from search_documents d where d.document @@ to_tsquery('simple', w))`.execute(db);
    return new Set(rows.map((r) => r.word));
  },
  async titlesNear(db, probes, limit) {
    // One regular expression of every probe: pg_trgm's GIN indexes on the folded titles read each trigram once
    // (one LIKE per probe read them once per probe: ~10× slower). Each alternative has a piece of three characters
    // or more, and the pieces hold letters, digits and spaces only.
    const piece = (text: string) => text.replace(/[^\p{L}\p{N} ]/gu, '');
    const pattern = probes.map((p) => `${piece(p.left)}.${piece(p.right)}`).join('|');
    if (!pattern) return [];
    const query = sql<{ title: string; original_title: string | null }>`select d.title, d.original_title
      from search_documents d where d.title ~ ${pattern} or d.original_title ~ ${pattern} limit ${limit}`;
    // As in lookalikes(): the planner prices the trigram match like a comparison and would scan every title.
    const rows = db.isTransaction
      ? (await query.execute(db)).rows
      : await db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          return (await query.execute(trx)).rows;
        });
    return rows.flatMap((r) => (r.original_title ? [r.title, r.original_title] : [r.title]));
  },
};

export function searchDialect(db: Parameters<typeof isPostgres>[0]): SearchDialect {
  return isPostgres(db) ? postgres : sqlite;
}
