import { dot, jaccard, listFor, type SmallSet, sharedCount, sharedSorted, slot, TopK } from './sparse.js';
import { plainTokens, titleBase, tokens, words } from './text.js';

/** What the model knows of a film: its text and its metadata, ids as stored. */
export interface CorpusFilm {
  id: number;
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  categories: number[];
  genres: number[];
  directors: { id: number; name: string }[];
  cast: { id: number; name: string }[];
}

/** Item–item audience similarity, already weighted by its evidence (audience.ts). Symmetric. */
export type AudienceNeighbours = Map<number, { id: number; sim: number }[]>;

export type Weighting = 'bm25' | 'tfidf' | 'plain';

export interface ModelOptions {
  /** How synopsis+title terms are weighted; `plain` is the floor: raw words, no stop list, no stemming, synopsis only. */
  weighting: Weighting;
  /** Director, cast, genres, category, decade and title/series overlap. Off = text only. */
  metadata: boolean;
  /** Terms in more than this share of films are dropped from the text vectors (see the constructor); not for `plain`. */
  maxDfRatio: number;
  /**
   * Candidate generation walks the postings of a term, a person or a title word only when it holds at most this many
   * films (an absolute count, so the work per film does not grow with the catalog; decision 042). Commoner terms
   * still count in the text cosine, which is computed exactly for the films that reach the final selection.
   */
  postingCap: number;
  weights: typeof DEFAULT_WEIGHTS;
}

/**
 * How much each signal adds to a pair's score. Text is a cosine in [0, 1]; the others are small bonuses, so a pair
 * with nothing in common but a genre never outranks a pair whose stories overlap. Tuned with `npm run eval:related`.
 */
export const DEFAULT_WEIGHTS = {
  text: 1,
  title: 0.2,
  // Raised with the people and era weights (decision 024), so a sequel stays first: not fitted on audience data.
  series: 1.2,
  remake: 0.8,
  director: 0.3,
  castEach: 0.15,
  castMax: 3,
  genre: 0.15,
  category: 0.03,
  decade: 0,
  audience: 1,
  /** Era proximity: exp(−|Δyear| / 8) — smoother than the decade bonus, which splits 1989 from 1990. */
  era: 0.6,
  /** The candidate's notability in [0, 1] (see notabilityOf): a well-known film's neighbours are mostly well known. */
  notability: 0.1,
  /**
   * Both films' notability multiplied: a well-known film's neighbours are mostly well known, and an obscure film is not
   * pulled towards famous ones (the flat `notability` bonus lifts famous candidates for every film alike).
   */
  notabilityPair: 0,
  /** Genre overlap weighted by how specific each genre is (IDF over the catalog): "Noir" says more than "Drama". */
  genreSpecific: 0,
  /** 1: each shared cast member counts castEach / (1 + ln(1 + films of that person / 5)); 0: castEach flat. */
  castDamp: 0,
  /**
   * Text cosine of a pair that shares one distinctive term only is multiplied by this (1: no change). 0: a story
   * overlap needs two terms (decision 051: thin synopses drifted to films sharing one rare word; 0.15 in 024).
   */
  oneTerm: 0,
};

/** The weights of decision 024 (the first audience fit), kept to report against. */
export const WEIGHTS_024: typeof DEFAULT_WEIGHTS = {
  ...DEFAULT_WEIGHTS,
  oneTerm: 0.15,
};

/** The weights of decision 013, before the audience evaluation (decision 024): kept to report against. */
export const WEIGHTS_013: typeof DEFAULT_WEIGHTS = {
  ...WEIGHTS_024,
  series: 0.6,
  remake: 0.4,
  director: 0.12,
  castEach: 0.05,
  decade: 0.05,
  era: 0,
  notability: 0,
  notabilityPair: 0,
  oneTerm: 1,
};

export const DEFAULT_OPTIONS: ModelOptions = {
  weighting: 'bm25',
  metadata: true,
  maxDfRatio: 0.04,
  postingCap: 500,
  weights: DEFAULT_WEIGHTS,
};

/** BM25 constants (Robertson & Zaragoza, "The Probabilistic Relevance Framework", 2009, §3: k1 1.2, b 0.75). */
const BM25_K1 = 1.2;
const BM25_B = 0.75;

interface Doc {
  film: CorpusFilm;
  alive: boolean;
  /** Every term counted in the document frequencies, so removing the film can uncount them. */
  counted: { text: Int32Array; title: Int32Array };
  /** Term ids, ascending, and their L2-normalised weights. */
  terms: Int32Array;
  weights: Float32Array;
  titleTerms: Int32Array;
  titleWeights: Float32Array;
  /** For the duplicate rule: same title words and year. */
  dupKey: string;
  series: { base: string; number: number | null };
  decade: number | null;
  genreSet: SmallSet;
  categorySet: SmallSet;
  notability: number;
}

export interface Neighbour {
  id: number;
  score: number;
  reasons: string[];
}

/** Sparse vectors in an inverted index: a film is compared only with films that share a term, a person or a title word. */
export class RelatedModel {
  private readonly docs: Doc[] = [];
  private readonly byId = new Map<number, number>();
  private readonly termIds = new Map<string, number>();
  /** For reasons: the commonest surface word of each stem ("prison", not "prison"'s stem "prison" or "daughter"'s "daughter"). */
  private readonly surface: string[] = [];
  private readonly surfaceCounts = new Map<string, number>();
  private df: number[] = [];
  private postings: number[][] = [];
  private postingWeights: number[][] = [];
  private readonly titleTermIds = new Map<string, number>();
  private titleDf: number[] = [];
  private titlePostings: number[][] = [];
  private titlePostingWeights: number[][] = [];
  /** Films per person, one map per role: a director shared counts once, each shared cast member counts. */
  private readonly directorPostings = new Map<number, number[]>();
  private readonly castPostings = new Map<number, number[]>();
  private readonly seriesPostings = new Map<string, number[]>();
  private readonly bucketPostings = new Map<string, number[]>();
  private avgLength = 1;
  /** Films counted in the document frequencies. */
  private docCount = 0;
  private maxDf = 1;
  private audience: AudienceNeighbours = new Map();
  /** Films per genre, for the specificity weighting. */
  private readonly genreDf = new Map<number, number>();
  // Scratch space reused by every query, so a batch of 36k queries allocates nothing per query.
  private acc = new Float64Array(0);
  private flags = new Uint8Array(0);
  private castCount = new Uint8Array(0);
  private textAcc = new Float64Array(0);
  private sharedTerms = new Uint8Array(0);
  private touched: number[] = [];

  constructor(
    films: CorpusFilm[],
    readonly options: ModelOptions = DEFAULT_OPTIONS,
  ) {
    for (const _ of this.build(films)) {
      // Built in one go; fromPages pauses between the steps instead.
    }
  }

  /**
   * The model of every film, read page by page: each page is counted and its synopses let go before the next is
   * read, so a large catalog's texts are never all in memory at once (decision 042). `pause` is awaited between
   * steps of a few milliseconds; a serving process lets its event loop run there.
   */
  static async fromPages(
    pages: AsyncIterable<CorpusFilm[]>,
    options: ModelOptions,
    pause: () => Promise<void>,
  ): Promise<RelatedModel> {
    const model = new RelatedModel([], options);
    for await (const page of pages) {
      for (const _ of model.countFilms(page, true)) await pause();
      await pause();
    }
    for (const _ of model.indexCounted()) await pause();
    return model;
  }

  /** Films counted and not yet indexed, while a model is built. */
  private pending: { films: CorpusFilm[]; counted: (Counted | undefined)[]; totalLength: number } = {
    films: [],
    counted: [],
    totalLength: 0,
  };

  private *build(films: CorpusFilm[]): Generator<void> {
    yield* this.countFilms(films, false);
    yield* this.indexCounted();
  }

  /** Count the terms of `films`; with `release`, keep each film without its synopsis once counted. */
  private *countFilms(films: CorpusFilm[], release: boolean): Generator<void> {
    const pending = this.pending;
    let since = performance.now();
    for (let i = 0; i < films.length; i++) {
      const film = films[i]!;
      const c = this.countTerms(film);
      pending.counted.push(c);
      pending.films.push(release ? { ...film, synopsis: '' } : film);
      pending.totalLength += c.length;
      for (const id of c.tf.ids) this.df[id] = (this.df[id] ?? 0) + 1;
      for (const id of c.titleTf.ids) this.titleDf[id] = (this.titleDf[id] ?? 0) + 1;
      for (const g of new Set(film.genres)) this.genreDf.set(g, (this.genreDf.get(g) ?? 0) + 1);
      if (i % 10 === 9 && performance.now() - since > BUILD_SLICE_MS) {
        yield;
        since = performance.now();
      }
    }
  }

  /** Weigh and index every counted film, now that the document frequencies are known. */
  private *indexCounted(): Generator<void> {
    const { films, counted, totalLength } = this.pending;
    this.pending = { films: [], counted: [], totalLength: 0 };
    let since = performance.now();
    this.avgLength = totalLength / Math.max(1, films.length) || 1;
    // Terms in more than 4 % of films (e.g. "young", "love", "man") are left out of the text vectors: their IDF is
    // low, they would make every film a candidate of every other, and dropping them on both sides keeps the cosine
    // exact and symmetric. The plain floor keeps every word, as plain TF-IDF does.
    this.maxDf =
      this.options.weighting === 'plain'
        ? Number.POSITIVE_INFINITY
        : Math.max(20, Math.floor(films.length * this.options.maxDfRatio));
    this.docCount = films.length;
    for (let i = 0; i < films.length; i++) {
      this.addDoc(films[i]!, counted[i]!);
      // Each film's counts are needed once: dropping them as we go keeps the peak of a large build lower.
      counted[i] = undefined;
      if (i % 10 === 9 && performance.now() - since > BUILD_SLICE_MS) {
        yield;
        since = performance.now();
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  has(filmId: number): boolean {
    return this.byId.has(filmId);
  }

  ids(): number[] {
    return [...this.byId.keys()];
  }

  film(filmId: number): CorpusFilm | undefined {
    const index = this.byId.get(filmId);
    return index === undefined ? undefined : this.docs[index]?.film;
  }

  setAudience(audience: AudienceNeighbours): void {
    this.audience = audience;
  }

  private readonly genreBits = new Map<number, number>();
  private readonly categoryBits = new Map<number, number>();

  /** Genres and categories as bit masks: the overlap of every candidate pair is a few machine instructions. */
  private smallSet(bits: Map<number, number>, ids: number[]): SmallSet {
    const set: SmallSet = { lo: 0, hi: 0, size: 0, rest: [] };
    for (const id of new Set(ids)) {
      let bit = bits.get(id);
      if (bit === undefined) {
        bit = bits.size;
        bits.set(id, bit);
      }
      if (bit < 32) set.lo |= 1 << bit;
      else if (bit < 64) set.hi |= 1 << (bit - 32);
      else set.rest.push(id);
      set.size++;
    }
    return set;
  }

  private termId(map: Map<string, number>, term: string): number {
    let id = map.get(term);
    if (id === undefined) {
      id = map.size;
      map.set(term, id);
    }
    return id;
  }

  private countTerms(film: CorpusFilm) {
    const tf = new Map<number, number>();
    let length = 0;
    if (this.options.weighting === 'plain') {
      for (const word of plainTokens(film.synopsis)) {
        const id = this.termId(this.termIds, word);
        this.surface[id] = word;
        tf.set(id, (tf.get(id) ?? 0) + 1);
        length++;
      }
    } else {
      // The title counts once more than the synopsis says it (a Wikipedia lead opens with it): counted twice it
      // outweighed a thin synopsis, and lists drifted to films sharing one title word (eval:related: nDCG@6
      // 0.8912 -> 0.8924 with once).
      const title = tokens(film.title);
      // Synopses name the film's director and stars ("directed by Peter Segal, starring …"); those names are
      // the people signal's job. Left in the text they would count twice and fill "Similar story" with names.
      const names = new Set(people(film).flatMap((p) => words(p.name)));
      for (const { stem, word } of [...title, ...tokens(film.synopsis).filter((t) => !names.has(t.word))]) {
        const id = this.termId(this.termIds, stem);
        // Words map to one stem each, so counting words is counting (stem, word) pairs.
        const n = (this.surfaceCounts.get(word) ?? 0) + 1;
        this.surfaceCounts.set(word, n);
        const best = this.surface[id];
        if (best === undefined || (best !== word && n > (this.surfaceCounts.get(best) ?? 0))) this.surface[id] = word;
        tf.set(id, (tf.get(id) ?? 0) + 1);
        length++;
      }
    }
    const titleTf = new Map<number, number>();
    const titleWords = this.options.weighting === 'plain' ? [] : tokens(film.title).map((t) => t.word);
    for (const word of titleWords) {
      const id = this.termId(this.titleTermIds, word);
      titleTf.set(id, 1);
    }
    return { tf: compact(tf), titleTf: compact(titleTf), length, notability: notabilityOf(film) };
  }

  private weigh(tf: Counts, length: number, df: number[], maxDf: number, kind: Weighting) {
    const entries: [number, number][] = [];
    for (let i = 0; i < tf.ids.length; i++) {
      const id = tf.ids[i]!;
      const count = tf.counts[i]!;
      const d = df[id] ?? 1;
      if (d > maxDf) continue;
      let w: number;
      if (kind === 'bm25') {
        const idf = Math.log(1 + (this.corpusSize() - d + 0.5) / (d + 0.5));
        w = (idf * (count * (BM25_K1 + 1))) / (count + BM25_K1 * (1 - BM25_B + (BM25_B * length) / this.avgLength));
      } else if (kind === 'tfidf') {
        w = (1 + Math.log(count)) * Math.log(this.corpusSize() / d);
      } else {
        // scikit-learn's TfidfVectorizer defaults (raw counts, smoothed idf), the usual "plain TF-IDF".
        w = count * (Math.log((1 + this.corpusSize()) / (1 + d)) + 1);
      }
      if (w > 0) entries.push([id, w]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
    return {
      terms: Int32Array.from(entries, ([id]) => id),
      weights: Float32Array.from(entries, ([, w]) => w / norm),
    };
  }

  private corpusSize(): number {
    return Math.max(1, this.docCount);
  }

  private addDoc(film: CorpusFilm, counted: Counted): void {
    const text = this.weigh(counted.tf, counted.length, this.df, this.maxDf, this.options.weighting);
    const title = this.weigh(counted.titleTf, 1, this.titleDf, Number.POSITIVE_INFINITY, 'tfidf');
    const index = this.docs.length;
    const doc: Doc = {
      // The synopsis is counted by now; holding every synopsis would be the largest part of the model (decision 042).
      film: { ...film, synopsis: '' },
      alive: true,
      counted: { text: counted.tf.ids, title: counted.titleTf.ids },
      terms: text.terms,
      weights: text.weights,
      titleTerms: title.terms,
      titleWeights: title.weights,
      dupKey: `${words(film.title).join(' ')}|${film.year ?? ''}`,
      series: titleBase(film.title),
      decade: film.year === null ? null : Math.floor(film.year / 10),
      genreSet: this.smallSet(this.genreBits, film.genres),
      categorySet: this.smallSet(this.categoryBits, film.categories),
      notability: counted.notability,
    };
    this.docs.push(doc);
    this.byId.set(film.id, index);
    this.index(index, doc);
  }

  private index(index: number, doc: Doc): void {
    const cap = this.options.postingCap;
    doc.terms.forEach((id, t) => {
      // A term in more films than the cap is never walked (see rank): no postings, which is most of the memory a
      // large catalog would spend on them. A list that already exists keeps growing after incremental adds; rank
      // skips it once it passes the cap, and the next rebuild drops it.
      if ((this.df[id] ?? 0) > cap && !this.postings[id]) return;
      slot(this.postings, id).push(index);
      slot(this.postingWeights, id).push(doc.weights[t]!);
    });
    doc.titleTerms.forEach((id, t) => {
      slot(this.titlePostings, id).push(index);
      slot(this.titlePostingWeights, id).push(doc.titleWeights[t]!);
    });
    for (const [people, postings] of [
      [doc.film.directors, this.directorPostings],
      [doc.film.cast, this.castPostings],
    ] as const) {
      for (const p of people) {
        const list = listFor(postings, p.id);
        if (list[list.length - 1] !== index) list.push(index);
      }
    }
    if (doc.series.base) {
      listFor(this.seriesPostings, doc.series.base).push(index);
    }
    for (const key of this.bucketKeys(doc)) {
      listFor(this.bucketPostings, key).push(index);
    }
  }

  private unindex(index: number, doc: Doc): void {
    const drop = (list: number[] | undefined, weights?: number[]) => {
      if (!list) return;
      const at = list.indexOf(index);
      if (at < 0) return;
      list.splice(at, 1);
      weights?.splice(at, 1);
    };
    for (const id of doc.terms) drop(this.postings[id], this.postingWeights[id]);
    for (const id of doc.titleTerms) drop(this.titlePostings[id], this.titlePostingWeights[id]);
    for (const p of doc.film.directors) drop(this.directorPostings.get(p.id));
    for (const p of doc.film.cast) drop(this.castPostings.get(p.id));
    drop(this.seriesPostings.get(doc.series.base));
    for (const key of this.bucketKeys(doc)) drop(this.bucketPostings.get(key));
  }

  /** Films of a genre and decade: the neighbours of last resort for a film that shares no word or person. */
  private bucketKeys(doc: Doc): string[] {
    const genres = doc.film.genres.length ? doc.film.genres : [-1];
    return genres.map((g) => `${g}|${doc.decade ?? ''}`);
  }

  /**
   * Add or replace one film (an admin edit). Its vector uses the document frequencies of the last full build plus
   * its own terms; other films keep theirs until the next rebuild, which is what keeps this under a millisecond.
   */
  upsert(film: CorpusFilm): void {
    this.remove(film.id);
    const counted = this.countTerms(film);
    for (const id of counted.tf.ids) this.df[id] = (this.df[id] ?? 0) + 1;
    for (const id of counted.titleTf.ids) this.titleDf[id] = (this.titleDf[id] ?? 0) + 1;
    this.docCount++;
    this.addDoc(film, counted);
  }

  remove(filmId: number): void {
    const index = this.byId.get(filmId);
    if (index === undefined) return;
    const doc = this.docs[index]!;
    this.unindex(index, doc);
    for (const id of doc.counted.text) this.df[id] = (this.df[id] ?? 1) - 1;
    for (const id of doc.counted.title) this.titleDf[id] = (this.titleDf[id] ?? 1) - 1;
    doc.alive = false;
    this.byId.delete(filmId);
    this.docCount--;
  }

  /** The k best films for one film, best first, each with its score and reasons. */
  neighbours(filmId: number, k: number): Neighbour[] {
    const ranked = this.rank(filmId, k);
    const out: Neighbour[] = [];
    for (let i = 0; i < ranked.ids.length; i++) {
      out.push({ id: ranked.ids[i]!, score: ranked.scores[i]!, reasons: this.reasonsFor(filmId, ranked.ids[i]!) });
    }
    return out;
  }

  /** Why `otherId` is on `filmId`'s list. */
  reasonsFor(filmId: number, otherId: number): string[] {
    const a = this.docs[this.byId.get(filmId) ?? -1];
    const b = this.docs[this.byId.get(otherId) ?? -1];
    return a && b ? this.reasons(a, b) : [];
  }

  /** The k best films for one film, best first: ids and scores only, compact enough to hold for every film. */
  rank(filmId: number, k: number): { ids: Int32Array; scores: Float32Array } {
    const index = this.byId.get(filmId);
    if (index === undefined) return { ids: new Int32Array(0), scores: new Float32Array(0) };
    const doc = this.docs[index]!;
    const w = this.options.weights;
    if (this.acc.length < this.docs.length) {
      this.acc = new Float64Array(this.docs.length * 2);
      this.flags = new Uint8Array(this.docs.length * 2);
      this.castCount = new Uint8Array(this.docs.length * 2);
      this.textAcc = new Float64Array(this.docs.length * 2);
      this.sharedTerms = new Uint8Array(this.docs.length * 2);
    }
    const textAcc = this.textAcc;
    const sharedTerms = this.sharedTerms;
    const acc = this.acc;
    const flags = this.flags;
    const castCount = this.castCount;
    const touched = this.touched;
    touched.length = 0;
    const touch = (j: number, amount: number) => {
      if (acc[j] === 0) touched.push(j);
      acc[j] = acc[j]! + (amount === 0 ? Number.MIN_VALUE : amount);
    };

    // Text: a partial cosine, accumulated over the postings of the film's distinctive terms only (at most postingCap
    // films each), so the work per film does not grow with the catalog. Terms in more films weigh little (their IDF
    // is low) and are added back, exactly, for the shortlist below.
    const cap = this.options.postingCap;
    for (let t = 0; t < doc.terms.length; t++) {
      const list = this.postings[doc.terms[t]!];
      const weights = this.postingWeights[doc.terms[t]!];
      if (!list || !weights || list.length > cap) continue;
      const qw = doc.weights[t]! * w.text;
      for (let p = 0; p < list.length; p++) {
        const j = list[p]!;
        const amount = qw * weights[p]!;
        touch(j, amount);
        textAcc[j] = textAcc[j]! + amount;
        if (sharedTerms[j]! < 2) sharedTerms[j]!++;
      }
    }
    if (this.options.metadata) {
      const titleCap = Math.min(this.maxDf, cap);
      for (let t = 0; t < doc.titleTerms.length; t++) {
        const list = this.titlePostings[doc.titleTerms[t]!];
        const weights = this.titlePostingWeights[doc.titleTerms[t]!];
        if (!list || !weights || list.length > titleCap) continue;
        const qw = doc.titleWeights[t]! * w.title;
        for (let p = 0; p < list.length; p++) touch(list[p]!, qw * weights[p]!);
      }
      // People add to the score through their postings, so the score of every film sharing someone is known
      // before the selection below. A person in more films than the cap (a prolific extra) proposes no candidates;
      // the shortlist's exact score still counts them.
      for (const p of doc.film.directors) {
        const postings = this.directorPostings.get(p.id) ?? [];
        if (postings.length > cap) continue;
        for (const j of postings) {
          if (flags[j]! & DIRECTOR) continue;
          flags[j] = flags[j]! | DIRECTOR;
          touch(j, w.director);
        }
      }
      const seen = new Set<number>();
      for (const p of doc.film.cast) {
        if (seen.has(p.id)) continue;
        seen.add(p.id);
        const postings = this.castPostings.get(p.id) ?? [];
        if (postings.length > cap) continue;
        const each = this.castWeight(postings.length);
        for (const j of postings) {
          if (castCount[j]! >= w.castMax) continue;
          castCount[j]!++;
          touch(j, each);
        }
      }
      for (const j of (this.seriesPostings.get(doc.series.base) ?? []).slice(0, cap)) {
        touch(j, 0);
        flags[j] = flags[j]! | STRONG;
      }
      for (const n of this.audience.get(filmId) ?? []) {
        const j = this.byId.get(n.id);
        if (j !== undefined) touch(j, w.audience * n.sim);
      }
      // A film that shares no word, person or title with any other (an empty synopsis, no cast) still gets
      // neighbours: films of its genre from its decade.
      if (touched.length < k + 1) {
        for (const key of this.bucketKeys(doc)) {
          for (const j of (this.bucketPostings.get(key) ?? []).slice(0, 500)) {
            touch(j, 0);
            flags[j] = flags[j]! | STRONG;
          }
        }
      }
    }

    const eligible = (j: number) => j !== index && this.docs[j]!.alive && this.docs[j]!.dupKey !== doc.dupKey;
    // A pair whose texts meet on one word only ("Music Box" and a courtroom short sharing "trial") keeps a share of it.
    const oneTermCut = (j: number) => (sharedTerms[j] === 1 ? (1 - w.oneTerm) * textAcc[j]! : 0);
    const approx = (j: number) => acc[j]! - oneTermCut(j) + this.bonus(doc, this.docs[j]!);
    // Shortlisted on the partial score: every film of the same series, and the best few by text, title and people.
    // A film with only a faint overlap could gain at most genre + category + decade (0.23): it matters only to a film
    // that has few candidates, and then it is among the best few anyway. (Offering every film that shares a person
    // instead found higher-scoring lists that matched the series truth worse: 0.8425 against 0.8511 nDCG@6.)
    const shortlist = new TopK(SHORTLIST * k);
    const byText = new TopK(3 * k);
    for (const j of touched) {
      if (flags[j]! & STRONG) {
        if (eligible(j)) shortlist.offer(j, approx(j));
      } else byText.offer(j, acc[j]! - oneTermCut(j));
    }
    for (let i = 0; i < byText.size; i++) {
      const j = byText.items[i]!;
      if (eligible(j)) shortlist.offer(j, approx(j));
    }
    for (const j of touched) {
      acc[j] = 0;
      flags[j] = 0;
      castCount[j] = 0;
      textAcc[j] = 0;
      sharedTerms[j] = 0;
    }
    // The shortlist scored exactly, common terms and all, as `explain` scores a pair: a list and a merged update agree.
    const best = new TopK(k);
    for (let i = 0; i < shortlist.size; i++) {
      const j = shortlist.items[i]!;
      best.offer(j, this.pairScore(doc, this.docs[j]!));
    }
    return {
      ids: Int32Array.from(best.items, (j) => this.docs[j]!.film.id),
      scores: Float32Array.from(best.scores),
    };
  }

  /** People in common, as `neighbours` adds them through the postings. */
  private people(a: Doc, b: Doc): number {
    if (!this.options.metadata) return 0;
    const w = this.options.weights;
    let score = 0;
    if (a.film.directors.some((d) => b.film.directors.some((e) => e.id === d.id))) score += w.director;
    if (!w.castDamp) return score + w.castEach * Math.min(w.castMax, sharedCount(a.film.cast, b.film.cast));
    const shared = [...new Set(a.film.cast.map((c) => c.id))].filter((id) => b.film.cast.some((c) => c.id === id));
    // The first castMax shared people in a's cast order, as the postings loop counts them.
    for (const id of shared.slice(0, w.castMax)) score += this.castWeight(this.castPostings.get(id)?.length ?? 1);
    return score;
  }

  /** What one shared cast member adds: less for a person in many films (a prolific character actor says little). */
  private castWeight(films: number): number {
    const w = this.options.weights;
    return w.castDamp ? w.castEach / (1 + Math.log(1 + films / 5)) : w.castEach;
  }

  /** Shared genres weighted by IDF, over the IDF of both films' genres: 1 for the same genres, 0 for none shared. */
  private genreSpecificity(a: Doc, b: Doc): number {
    let shared = 0;
    let all = 0;
    const idf = (g: number) => Math.log(this.corpusSize() / (this.genreDf.get(g) ?? 1));
    for (const g of new Set([...a.film.genres, ...b.film.genres])) {
      const x = idf(g);
      all += x;
      if (a.film.genres.includes(g) && b.film.genres.includes(g)) shared += x;
    }
    return all > 0 ? shared / all : 0;
  }

  /** Genres, category, decade, series: cheap, so computed only for the candidates that reach the selection. */
  private bonus(a: Doc, b: Doc): number {
    if (!this.options.metadata) return 0;
    const w = this.options.weights;
    let bonus = 0;
    bonus += w.genre * jaccard(a.genreSet, b.genreSet);
    bonus += w.category * jaccard(a.categorySet, b.categorySet);
    if (a.decade !== null && b.decade !== null) {
      const gap = Math.abs(a.decade - b.decade);
      bonus += gap === 0 ? w.decade : gap === 1 ? w.decade / 2 : 0;
    }
    if (a.series.base && a.series.base === b.series.base) {
      bonus += a.series.number !== null || b.series.number !== null ? w.series : w.remake;
    }
    if (w.era && a.film.year !== null && b.film.year !== null)
      bonus += w.era * Math.exp(-Math.abs(a.film.year - b.film.year) / 8);
    if (w.notability) bonus += w.notability * b.notability;
    if (w.notabilityPair) bonus += w.notabilityPair * a.notability * b.notability;
    if (w.genreSpecific) bonus += w.genreSpecific * this.genreSpecificity(a, b);
    return bonus;
  }

  /** One pair's score and reasons, as `neighbours` would give them; for merging one changed film into a list. */
  explain(filmId: number, otherId: number): Neighbour | undefined {
    const a = this.docs[this.byId.get(filmId) ?? -1];
    const b = this.docs[this.byId.get(otherId) ?? -1];
    if (!a || !b || a === b || a.dupKey === b.dupKey) return undefined;
    return { id: otherId, score: this.pairScore(a, b), reasons: this.reasons(a, b) };
  }

  /** One pair's exact score: text cosine (one-term cut), title, people, audience and the bonuses. */
  private pairScore(a: Doc, b: Doc): number {
    const w = this.options.weights;
    const text = w.text * dot(a.terms, a.weights, b.terms, b.weights);
    const oneTerm = sharedSorted(a.terms, b.terms);
    let score = text * (oneTerm === 1 ? w.oneTerm : 1) + this.bonus(a, b) + this.people(a, b);
    if (this.options.metadata) {
      score += w.title * dot(a.titleTerms, a.titleWeights, b.titleTerms, b.titleWeights);
      const heard = this.audience.get(a.film.id);
      if (heard) score += w.audience * (heard.find((n) => n.id === b.film.id)?.sim ?? 0);
    }
    return score;
  }

  /** Films with any audience signal. */
  audienceFilms(): number[] {
    return [...this.audience.keys()];
  }

  /** Why two films are related, strongest first; what the film page shows beside each card. */
  private reasons(a: Doc, b: Doc): string[] {
    const out: string[] = [];
    if (this.options.metadata) {
      if (a.series.base && a.series.base === b.series.base) {
        // "The Twilight Saga: New Moon" and "…: Eclipse" share a base, not a title: a series, not a remake.
        out.push(a.dupKey.split('|')[0] === b.dupKey.split('|')[0] ? 'Same title, another version' : 'Same series');
      }
      const director = a.film.directors.find((d) => b.film.directors.some((e) => e.id === d.id));
      if (director) out.push(`Same director: ${director.name}`);
      const star = a.film.cast.find((c) => b.film.cast.some((e) => e.id === c.id));
      if (star) out.push(`Also stars ${star.name}`);
    }
    const shared: { id: number; w: number }[] = [];
    let i = 0;
    let j = 0;
    while (i < a.terms.length && j < b.terms.length) {
      if (a.terms[i] === b.terms[j]) {
        shared.push({ id: a.terms[i]!, w: a.weights[i]! * b.weights[j]! });
        i++;
        j++;
      } else if (a.terms[i]! < b.terms[j]!) i++;
      else j++;
    }
    shared.sort((x, y) => y.w - x.w);
    const strong = shared.filter((s) => s.w >= 0.004 && !NOT_A_STORY.test(this.surface[s.id] ?? '')).slice(0, 3);
    if (strong.length) out.push(`Similar story: ${strong.map((s) => this.surface[s.id]).join(' · ')}`);
    if ((this.audience.get(a.film.id) ?? []).some((n) => n.id === b.film.id && n.sim >= 0.05)) {
      out.push('Fans of this also liked it');
    }
    if (out.length === 0 && this.options.metadata) {
      const genre = a.film.genres.some((g) => b.film.genres.includes(g));
      if (genre && a.decade !== null && a.decade === b.decade) out.push(`Same genre, also from the ${a.decade}0s`);
      else if (genre) out.push('Same genre');
    }
    return out;
  }
}

/** Words that relate films but say nothing of their story, so no "Similar story" reason shows them. */
const NOT_A_STORY =
  /^(?:\d+(?:st|nd|rd|th|s)?|including|supporting|sequel|sequels|prequel|franchise|installment|instalment|character|characters|reprising|reprises|reprise|entry|remake)$/;

const STRONG = 1;
const DIRECTOR = 2;
/** Work between two pauses of a sliced build: short, so a pause comes well within the 50 ms a web loop may wait. */
const BUILD_SLICE_MS = 8;
/** Candidates scored exactly per list entry wanted: 4 × 24 = 96 dot products a film. */
const SHORTLIST = 4;

/**
 * How well known a film is, from its source record alone: a longer article lead and a longer credited cast come with
 * films many people saw (Wikipedia editors write more about them). In [0, 1]; never the site's own traffic, which a
 * new site does not have.
 */
export function notabilityOf(film: CorpusFilm): number {
  const length = Math.min(1, Math.log(1 + film.synopsis.length) / Math.log(1 + 3000));
  const cast = Math.min(1, film.cast.length / 10);
  return (length + cast) / 2;
}

const people = (film: CorpusFilm) => [...film.directors, ...film.cast];

type Counted = { tf: Counts; titleTf: Counts; length: number; notability: number };

/** A film's term counts as two parallel arrays: a Map per film held for a whole catalog cost hundreds of MB. */
interface Counts {
  ids: Int32Array;
  counts: Int32Array;
}

function compact(tf: Map<number, number>): Counts {
  const ids = new Int32Array(tf.size);
  const counts = new Int32Array(tf.size);
  let i = 0;
  for (const [id, count] of tf) {
    ids[i] = id;
    counts[i++] = count;
  }
  return { ids, counts };
}
