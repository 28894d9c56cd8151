import { Floats, Ints, Postings } from './arena.js';
import { dot, jaccardBits, listFor, sharedSorted, TopK } from './sparse.js';
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

export interface Neighbour {
  id: number;
  score: number;
  reasons: string[];
}

/** `years` and `seriesNumbers` hold this where the film has none. */
const NONE = -2147483648;

/** Sparse vectors in an inverted index: a film is compared only with films that share a term, a person or a title word. */
export class RelatedModel {
  /** Films in the model, alive or removed: the length of every per-film column. */
  private count = 0;
  private capacity = 0;
  private readonly byId = new Map<number, number>();
  // Per-film columns (index = the film's place in the model).
  private filmIds = new Int32Array(0);
  private alive = new Uint8Array(0);
  private years = new Int32Array(0);
  private notability = new Float64Array(0);
  /** The film's text vector: term ids ascending in `vecTerms`, their L2-normalised weights in `vecWeights`. */
  private textStart = new Int32Array(0);
  private textLength = new Int32Array(0);
  private titleStart = new Int32Array(0);
  private titleLength = new Int32Array(0);
  /** Terms counted in the document frequencies but left out of the vector (too common): uncounted on removal. */
  private extraStart = new Int32Array(0);
  private extraLength = new Int32Array(0);
  /** Title words counted in the title document frequencies. */
  private titleCountedStart = new Int32Array(0);
  private titleCountedLength = new Int32Array(0);
  /** Directors then cast, in credit order, in `peopleIds`. */
  private peopleStart = new Int32Array(0);
  private directorCount = new Int32Array(0);
  private castLength = new Int32Array(0);
  private genreStart = new Int32Array(0);
  private genreLength = new Int32Array(0);
  private categoryStart = new Int32Array(0);
  private categoryLength = new Int32Array(0);
  /** Genres and categories as bit masks: the overlap of every candidate pair is a few machine instructions. */
  private genreLo = new Int32Array(0);
  private genreHi = new Int32Array(0);
  private genreSize = new Int32Array(0);
  private categoryLo = new Int32Array(0);
  private categoryHi = new Int32Array(0);
  private categorySize = new Int32Array(0);
  /** Ids past the 64th distinct genre or category (none in any catalog here), by film. */
  private readonly genreRest = new Map<number, number[]>();
  private readonly categoryRest = new Map<number, number[]>();
  /** The duplicate rule (same title words and year) and the series rule compare interned strings. */
  private titleKey = new Int32Array(0);
  private seriesBase = new Int32Array(0);
  private seriesNumber = new Int32Array(0);
  private titles: string[] = [];
  private slugs: string[] = [];
  private readonly interned = new Map<string, number>();
  // Arenas.
  private readonly vecTerms = new Ints();
  private readonly vecWeights = new Floats();
  private readonly titleTerms = new Ints();
  private readonly titleWeights = new Floats();
  private readonly extraIds = new Ints();
  private readonly titleCounted = new Ints();
  private readonly peopleIds = new Ints();
  private readonly genreIds = new Ints();
  private readonly categoryIds = new Ints();
  /** One name per person, shared by all their films. */
  private readonly personNames = new Map<number, string>();

  private readonly termIds = new Map<string, number>();
  /** For reasons: the commonest surface word of each stem ("prison", not "prison"'s stem "prison" or "daughter"'s "daughter"). */
  private readonly surface: string[] = [];
  private readonly surfaceCounts = new Map<string, number>();
  private df: number[] = [];
  private readonly postings = new Postings();
  private readonly titleTermIds = new Map<string, number>();
  private titleDf: number[] = [];
  private readonly titlePostings = new Postings();
  /** Films per person, one map per role: a director shared counts once, each shared cast member counts. */
  private readonly directorPostings = new Map<number, number[]>();
  private readonly castPostings = new Map<number, number[]>();
  private readonly seriesPostings = new Map<number, number[]>();
  private readonly bucketPostings = new Map<string, number[]>();
  private avgLength = 1;
  /** Films counted in the document frequencies. */
  private docCount = 0;
  private maxDf = 1;
  private audience: AudienceNeighbours = new Map();
  /** Films per genre, for the specificity weighting. */
  private readonly genreDf = new Map<number, number>();
  private readonly genreBits = new Map<number, number>();
  private readonly categoryBits = new Map<number, number>();
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
   * The model of every film, read page by page: each page is counted into the model's columns and arenas and let go
   * before the next is read, so a large catalog's texts are never all in memory at once (decisions 042, 048). `pause`
   * is awaited between steps of a few milliseconds; a serving process lets its event loop run there.
   */
  static async fromPages(
    pages: AsyncIterable<CorpusFilm[]>,
    options: ModelOptions,
    pause: () => Promise<void>,
  ): Promise<RelatedModel> {
    const model = new RelatedModel([], options);
    for await (const page of pages) {
      for (const _ of model.countFilms(page)) await pause();
      await pause();
    }
    for (const _ of model.indexCounted()) await pause();
    return model;
  }

  /**
   * Films counted and not yet weighed, while a model is built: [from, count) of the columns, their raw term counts
   * in two arenas (ids and counts, film after film) that are dropped once the films are indexed.
   */
  private pending = { from: 0, ids: new Ints(), counts: new Ints(), starts: [] as number[], totalLength: 0 };

  private *build(films: CorpusFilm[]): Generator<void> {
    yield* this.countFilms(films);
    yield* this.indexCounted();
  }

  /** Count the terms of `films` and put each in the columns; its synopsis is not kept. */
  private *countFilms(films: CorpusFilm[]): Generator<void> {
    const pending = this.pending;
    let since = performance.now();
    for (let i = 0; i < films.length; i++) {
      const film = films[i]!;
      const c = this.countTerms(film);
      this.addFilm(film, c);
      pending.starts.push(pending.ids.length);
      pending.ids.reserve(c.tf.size);
      pending.counts.reserve(c.tf.size);
      for (const [id, n] of c.tf) {
        pending.ids.push(id);
        pending.counts.push(n);
      }
      pending.totalLength += c.length;
      for (const id of c.tf.keys()) this.df[id] = (this.df[id] ?? 0) + 1;
      for (const id of c.titleTf.keys()) this.titleDf[id] = (this.titleDf[id] ?? 0) + 1;
      for (const g of new Set(film.genres)) this.genreDf.set(g, (this.genreDf.get(g) ?? 0) + 1);
      if (i % 10 === 9 && performance.now() - since > BUILD_SLICE_MS) {
        yield;
        since = performance.now();
      }
    }
  }

  /** Weigh and index every counted film, now that the document frequencies are known. */
  private *indexCounted(): Generator<void> {
    const { from, ids, counts, starts, totalLength } = this.pending;
    this.pending = { from: this.count, ids: new Ints(0), counts: new Ints(0), starts: [], totalLength: 0 };
    const films = this.count - from;
    let since = performance.now();
    this.avgLength = totalLength / Math.max(1, films) || 1;
    // Terms in more than 4 % of films (e.g. "young", "love", "man") are left out of the text vectors: their IDF is
    // low, they would make every film a candidate of every other, and dropping them on both sides keeps the cosine
    // exact and symmetric. The plain floor keeps every word, as plain TF-IDF does.
    this.maxDf =
      this.options.weighting === 'plain'
        ? Number.POSITIVE_INFINITY
        : Math.max(20, Math.floor(films * this.options.maxDfRatio));
    this.docCount = films;
    // A film's vector is at most its counted terms: the arenas are sized once, not grown film by film.
    this.vecTerms.reserve(ids.length);
    this.vecWeights.reserve(ids.length);
    for (let i = 0; i < films; i++) {
      const index = from + i;
      const start = starts[i]!;
      const end = i + 1 < films ? starts[i + 1]! : ids.length;
      this.weighInto(index, ids.data.subarray(start, end), counts.data.subarray(start, end));
      this.weighTitle(index);
      if (i % 10 === 9 && performance.now() - since > BUILD_SLICE_MS) {
        yield;
        since = performance.now();
      }
    }
    yield* this.indexRange(from, this.count);
  }

  /** Postings of films [from, to): CSR when the model is empty before them (a build), one by one otherwise. */
  private *indexRange(from: number, to: number): Generator<void> {
    if (from > 0) {
      for (let index = from; index < to; index++) this.index(index);
      return;
    }
    const cap = this.options.postingCap;
    // A term in more films than the cap is never walked (see rank): no postings, which is most of the memory a
    // large catalog would spend on them.
    const textCounts = new Int32Array(this.df.length);
    const titleCounts = new Int32Array(this.titleDf.length);
    for (let index = from; index < to; index++) {
      const s = this.textStart[index]!;
      for (let p = s; p < s + this.textLength[index]!; p++) {
        const t = this.vecTerms.data[p]!;
        if ((this.df[t] ?? 0) <= cap) textCounts[t]!++;
      }
      const ts = this.titleStart[index]!;
      for (let p = ts; p < ts + this.titleLength[index]!; p++) titleCounts[this.titleTerms.data[p]!]!++;
    }
    yield;
    this.postings.build(
      textCounts.length,
      (t) => textCounts[t]!,
      (put) => {
        for (let index = from; index < to; index++) {
          const s = this.textStart[index]!;
          for (let p = s; p < s + this.textLength[index]!; p++) {
            const t = this.vecTerms.data[p]!;
            if ((this.df[t] ?? 0) <= cap) put(t, index, this.vecWeights.data[p]!);
          }
        }
      },
    );
    yield;
    this.titlePostings.build(
      titleCounts.length,
      (t) => titleCounts[t]!,
      (put) => {
        for (let index = from; index < to; index++) {
          const s = this.titleStart[index]!;
          for (let p = s; p < s + this.titleLength[index]!; p++) {
            put(this.titleTerms.data[p]!, index, this.titleWeights.data[p]!);
          }
        }
      },
    );
    yield;
    let since = performance.now();
    for (let index = from; index < to; index++) {
      this.indexMetadata(index);
      if (index % 10 === 9 && performance.now() - since > BUILD_SLICE_MS) {
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
    const i = this.byId.get(filmId);
    if (i === undefined) return undefined;
    const person = (id: number) => ({ id, name: this.personNames.get(id) ?? '' });
    return {
      id: filmId,
      slug: this.slugs[i]!,
      title: this.titles[i]!,
      year: this.yearOf(i),
      synopsis: '',
      categories: [
        ...this.categoryIds.data.subarray(this.categoryStart[i], this.categoryStart[i]! + this.categoryLength[i]!),
      ],
      genres: this.genresOf(i),
      directors: [...this.directorsOf(i)].map(person),
      cast: [...this.castOf(i)].map(person),
    };
  }

  setAudience(audience: AudienceNeighbours): void {
    this.audience = audience;
  }

  private yearOf(i: number): number | null {
    const y = this.years[i]!;
    return y === NONE ? null : y;
  }

  private decadeOf(i: number): number | null {
    const y = this.years[i]!;
    return y === NONE ? null : Math.floor(y / 10);
  }

  private genresOf(i: number): number[] {
    return [...this.genreIds.data.subarray(this.genreStart[i], this.genreStart[i]! + this.genreLength[i]!)];
  }

  private directorsOf(i: number): Int32Array {
    const s = this.peopleStart[i]!;
    return this.peopleIds.data.subarray(s, s + this.directorCount[i]!);
  }

  private castOf(i: number): Int32Array {
    const s = this.peopleStart[i]! + this.directorCount[i]!;
    return this.peopleIds.data.subarray(s, s + this.castLength[i]!);
  }

  private intern(text: string): number {
    let id = this.interned.get(text);
    if (id === undefined) {
      id = this.interned.size;
      this.interned.set(text, id);
    }
    return id;
  }

  /** Genres or categories as bits: the first 64 distinct ids the model meets get a bit each. */
  private bitsOf(bits: Map<number, number>, ids: number[], rest: Map<number, number[]>, index: number) {
    let lo = 0;
    let hi = 0;
    let size = 0;
    const beyond: number[] = [];
    for (const id of new Set(ids)) {
      let bit = bits.get(id);
      if (bit === undefined) {
        bit = bits.size;
        bits.set(id, bit);
      }
      if (bit < 32) lo |= 1 << bit;
      else if (bit < 64) hi |= 1 << (bit - 32);
      else beyond.push(id);
      size++;
    }
    if (beyond.length) rest.set(index, beyond);
    else rest.delete(index);
    return { lo, hi, size };
  }

  private grow(need: number): void {
    if (need <= this.capacity) return;
    const capacity = Math.max(need, Math.ceil(this.capacity * 1.5), 1024);
    const int = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.filmIds = int(this.filmIds);
    const alive = new Uint8Array(capacity);
    alive.set(this.alive);
    this.alive = alive;
    this.years = int(this.years);
    const notability = new Float64Array(capacity);
    notability.set(this.notability);
    this.notability = notability;
    this.textStart = int(this.textStart);
    this.textLength = int(this.textLength);
    this.titleStart = int(this.titleStart);
    this.titleLength = int(this.titleLength);
    this.extraStart = int(this.extraStart);
    this.extraLength = int(this.extraLength);
    this.titleCountedStart = int(this.titleCountedStart);
    this.titleCountedLength = int(this.titleCountedLength);
    this.peopleStart = int(this.peopleStart);
    this.directorCount = int(this.directorCount);
    this.castLength = int(this.castLength);
    this.genreStart = int(this.genreStart);
    this.genreLength = int(this.genreLength);
    this.categoryStart = int(this.categoryStart);
    this.categoryLength = int(this.categoryLength);
    this.genreLo = int(this.genreLo);
    this.genreHi = int(this.genreHi);
    this.genreSize = int(this.genreSize);
    this.categoryLo = int(this.categoryLo);
    this.categoryHi = int(this.categoryHi);
    this.categorySize = int(this.categorySize);
    this.titleKey = int(this.titleKey);
    this.seriesBase = int(this.seriesBase);
    this.seriesNumber = int(this.seriesNumber);
    this.capacity = capacity;
  }

  /** A new slot for `film`: its metadata into the columns and arenas (its vectors come once they can be weighed). */
  private addFilm(film: CorpusFilm, counted: Counted): number {
    const index = this.count++;
    this.grow(this.count);
    this.filmIds[index] = film.id;
    this.alive[index] = 1;
    this.years[index] = film.year === null ? NONE : film.year;
    this.notability[index] = counted.notability;
    this.titles[index] = film.title;
    this.slugs[index] = film.slug;
    this.titleKey[index] = this.intern(words(film.title).join(' '));
    const series = titleBase(film.title);
    this.seriesBase[index] = series.base ? this.intern(series.base) : -1;
    this.seriesNumber[index] = series.number === null ? NONE : series.number;
    this.peopleStart[index] = this.peopleIds.length;
    this.directorCount[index] = film.directors.length;
    this.castLength[index] = film.cast.length;
    for (const p of [...film.directors, ...film.cast]) {
      this.peopleIds.push(p.id);
      if (!this.personNames.has(p.id)) this.personNames.set(p.id, p.name);
    }
    this.genreStart[index] = this.genreIds.length;
    this.genreLength[index] = film.genres.length;
    for (const g of film.genres) this.genreIds.push(g);
    this.categoryStart[index] = this.categoryIds.length;
    this.categoryLength[index] = film.categories.length;
    for (const c of film.categories) this.categoryIds.push(c);
    const genres = this.bitsOf(this.genreBits, film.genres, this.genreRest, index);
    this.genreLo[index] = genres.lo;
    this.genreHi[index] = genres.hi;
    this.genreSize[index] = genres.size;
    const categories = this.bitsOf(this.categoryBits, film.categories, this.categoryRest, index);
    this.categoryLo[index] = categories.lo;
    this.categoryHi[index] = categories.hi;
    this.categorySize[index] = categories.size;
    this.titleCountedStart[index] = this.titleCounted.length;
    this.titleCountedLength[index] = counted.titleTf.size;
    for (const id of counted.titleTf.keys()) this.titleCounted.push(id);
    this.byId.set(film.id, index);
    return index;
  }

  private termId(map: Map<string, number>, term: string): number {
    let id = map.get(term);
    if (id === undefined) {
      id = map.size;
      map.set(term, id);
    }
    return id;
  }

  private countTerms(film: CorpusFilm): Counted {
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
    return { tf, titleTf, length, notability: notabilityOf(film) };
  }

  private weigh(
    ids: ArrayLike<number>,
    counts: ArrayLike<number>,
    length: number,
    df: number[],
    maxDf: number,
    kind: Weighting,
  ) {
    const entries: [number, number][] = [];
    const dropped: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const count = counts[i]!;
      const d = df[id] ?? 1;
      if (d > maxDf) {
        dropped.push(id);
        continue;
      }
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
      else dropped.push(id);
    }
    entries.sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
    return { entries, norm, dropped };
  }

  /** The film's text vector into the arenas, from its raw counts. */
  private weighInto(index: number, ids: ArrayLike<number>, counts: ArrayLike<number>): void {
    let length = 0;
    for (let i = 0; i < counts.length; i++) length += counts[i]!;
    const { entries, norm, dropped } = this.weigh(ids, counts, length, this.df, this.maxDf, this.options.weighting);
    this.textStart[index] = this.vecTerms.length;
    this.textLength[index] = entries.length;
    this.vecTerms.reserve(entries.length);
    this.vecWeights.reserve(entries.length);
    for (const [id, w] of entries) {
      this.vecTerms.push(id);
      this.vecWeights.push(w / norm);
    }
    this.extraStart[index] = this.extraIds.length;
    this.extraLength[index] = dropped.length;
    for (const id of dropped) this.extraIds.push(id);
  }

  private weighTitle(index: number): void {
    const s = this.titleCountedStart[index]!;
    const ids = this.titleCounted.data.subarray(s, s + this.titleCountedLength[index]!);
    const ones = new Int32Array(ids.length).fill(1);
    const { entries, norm } = this.weigh(ids, ones, 1, this.titleDf, Number.POSITIVE_INFINITY, 'tfidf');
    this.titleStart[index] = this.titleTerms.length;
    this.titleLength[index] = entries.length;
    for (const [id, w] of entries) {
      this.titleTerms.push(id);
      this.titleWeights.push(w / norm);
    }
  }

  private corpusSize(): number {
    return Math.max(1, this.docCount);
  }

  /** One film's postings, after the build (an admin edit): overflow lists, in the order films arrive. */
  private index(index: number): void {
    const cap = this.options.postingCap;
    const s = this.textStart[index]!;
    for (let p = s; p < s + this.textLength[index]!; p++) {
      const id = this.vecTerms.data[p]!;
      // A list that already exists keeps growing after incremental adds; rank skips it once it passes the cap, and
      // the next rebuild drops it.
      if ((this.df[id] ?? 0) > cap && !this.postings.has(id)) continue;
      this.postings.add(id, index, this.vecWeights.data[p]!);
    }
    const ts = this.titleStart[index]!;
    for (let p = ts; p < ts + this.titleLength[index]!; p++) {
      this.titlePostings.add(this.titleTerms.data[p]!, index, this.titleWeights.data[p]!);
    }
    this.indexMetadata(index);
  }

  private indexMetadata(index: number): void {
    for (const [ids, postings] of [
      [this.directorsOf(index), this.directorPostings],
      [this.castOf(index), this.castPostings],
    ] as const) {
      for (const id of ids) {
        const list = listFor(postings, id);
        if (list[list.length - 1] !== index) list.push(index);
      }
    }
    const base = this.seriesBase[index]!;
    if (base >= 0) listFor(this.seriesPostings, base).push(index);
    for (const key of this.bucketKeys(index)) listFor(this.bucketPostings, key).push(index);
  }

  private unindex(index: number): void {
    const drop = (list: number[] | undefined) => {
      if (!list) return;
      const at = list.indexOf(index);
      if (at >= 0) list.splice(at, 1);
    };
    const s = this.textStart[index]!;
    for (let p = s; p < s + this.textLength[index]!; p++) this.postings.remove(this.vecTerms.data[p]!, index);
    const ts = this.titleStart[index]!;
    for (let p = ts; p < ts + this.titleLength[index]!; p++) this.titlePostings.remove(this.titleTerms.data[p]!, index);
    for (const id of this.directorsOf(index)) drop(this.directorPostings.get(id));
    for (const id of this.castOf(index)) drop(this.castPostings.get(id));
    drop(this.seriesPostings.get(this.seriesBase[index]!));
    for (const key of this.bucketKeys(index)) drop(this.bucketPostings.get(key));
  }

  /** Films of a genre and decade: the neighbours of last resort for a film that shares no word or person. */
  private bucketKeys(index: number): string[] {
    const genres = this.genreLength[index] ? this.genresOf(index) : [-1];
    const decade = this.decadeOf(index);
    return genres.map((g) => `${g}|${decade ?? ''}`);
  }

  /**
   * Add or replace one film (an admin edit). Its vector uses the document frequencies of the last full build plus
   * its own terms; other films keep theirs until the next rebuild, which is what keeps this under a millisecond.
   */
  upsert(film: CorpusFilm): void {
    this.remove(film.id);
    const counted = this.countTerms(film);
    for (const id of counted.tf.keys()) this.df[id] = (this.df[id] ?? 0) + 1;
    for (const id of counted.titleTf.keys()) this.titleDf[id] = (this.titleDf[id] ?? 0) + 1;
    this.docCount++;
    const index = this.addFilm(film, counted);
    this.weighInto(index, [...counted.tf.keys()], [...counted.tf.values()]);
    this.weighTitle(index);
    this.index(index);
  }

  remove(filmId: number): void {
    const index = this.byId.get(filmId);
    if (index === undefined) return;
    this.unindex(index);
    const uncount = (ids: Int32Array, start: number, length: number, df: number[]) => {
      for (let p = start; p < start + length; p++) df[ids[p]!] = (df[ids[p]!] ?? 1) - 1;
    };
    uncount(this.vecTerms.data, this.textStart[index]!, this.textLength[index]!, this.df);
    uncount(this.extraIds.data, this.extraStart[index]!, this.extraLength[index]!, this.df);
    uncount(this.titleCounted.data, this.titleCountedStart[index]!, this.titleCountedLength[index]!, this.titleDf);
    this.alive[index] = 0;
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
    const a = this.byId.get(filmId);
    const b = this.byId.get(otherId);
    return a !== undefined && b !== undefined ? this.reasons(a, b) : [];
  }

  /** The k best films for one film, best first: ids and scores only, compact enough to hold for every film. */
  rank(filmId: number, k: number): { ids: Int32Array; scores: Float32Array } {
    const index = this.byId.get(filmId);
    if (index === undefined) return { ids: new Int32Array(0), scores: new Float32Array(0) };
    const w = this.options.weights;
    if (this.acc.length < this.count) {
      this.acc = new Float64Array(this.count * 2);
      this.flags = new Uint8Array(this.count * 2);
      this.castCount = new Uint8Array(this.count * 2);
      this.textAcc = new Float64Array(this.count * 2);
      this.sharedTerms = new Uint8Array(this.count * 2);
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
    const ts = this.textStart[index]!;
    for (let t = ts; t < ts + this.textLength[index]!; t++) {
      const term = this.vecTerms.data[t]!;
      if (!this.postings.has(term) || this.postings.size(term) > cap) continue;
      const qw = this.vecWeights.data[t]! * w.text;
      this.postings.forEach(term, (j, weight) => {
        const amount = qw * weight;
        touch(j, amount);
        textAcc[j] = textAcc[j]! + amount;
        if (sharedTerms[j]! < 2) sharedTerms[j]!++;
      });
    }
    if (this.options.metadata) {
      const titleCap = Math.min(this.maxDf, cap);
      const tts = this.titleStart[index]!;
      for (let t = tts; t < tts + this.titleLength[index]!; t++) {
        const term = this.titleTerms.data[t]!;
        if (!this.titlePostings.has(term) || this.titlePostings.size(term) > titleCap) continue;
        const qw = this.titleWeights.data[t]! * w.title;
        this.titlePostings.forEach(term, (j, weight) => touch(j, qw * weight));
      }
      // People add to the score through their postings, so the score of every film sharing someone is known
      // before the selection below. A person in more films than the cap (a prolific extra) proposes no candidates;
      // the shortlist's exact score still counts them.
      for (const id of this.directorsOf(index)) {
        const postings = this.directorPostings.get(id) ?? [];
        if (postings.length > cap) continue;
        for (const j of postings) {
          if (flags[j]! & DIRECTOR) continue;
          flags[j] = flags[j]! | DIRECTOR;
          touch(j, w.director);
        }
      }
      const seen = new Set<number>();
      for (const id of this.castOf(index)) {
        if (seen.has(id)) continue;
        seen.add(id);
        const postings = this.castPostings.get(id) ?? [];
        if (postings.length > cap) continue;
        const each = this.castWeight(postings.length);
        for (const j of postings) {
          if (castCount[j]! >= w.castMax) continue;
          castCount[j]!++;
          touch(j, each);
        }
      }
      const base = this.seriesBase[index]!;
      const series = base >= 0 ? (this.seriesPostings.get(base) ?? []) : [];
      for (let p = 0; p < series.length && p < cap; p++) {
        const j = series[p]!;
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
        for (const key of this.bucketKeys(index)) {
          for (const j of (this.bucketPostings.get(key) ?? []).slice(0, 500)) {
            touch(j, 0);
            flags[j] = flags[j]! | STRONG;
          }
        }
      }
    }

    const eligible = (j: number) => j !== index && this.alive[j] === 1 && !this.sameTitleAndYear(index, j);
    // A pair whose texts meet on one word only ("Music Box" and a courtroom short sharing "trial") keeps a share of it.
    const oneTermCut = (j: number) => (sharedTerms[j] === 1 ? (1 - w.oneTerm) * textAcc[j]! : 0);
    const approx = (j: number) => acc[j]! - oneTermCut(j) + this.bonus(index, j);
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
      best.offer(j, this.pairScore(index, j));
    }
    return {
      ids: Int32Array.from(best.items, (j) => this.filmIds[j]!),
      scores: Float32Array.from(best.scores),
    };
  }

  /** The duplicate rule: the same title words and the same year (or both without one). */
  private sameTitleAndYear(a: number, b: number): boolean {
    return this.titleKey[a] === this.titleKey[b] && this.years[a] === this.years[b];
  }

  /** People in common, as `neighbours` adds them through the postings. */
  private people(a: number, b: number): number {
    if (!this.options.metadata) return 0;
    const w = this.options.weights;
    let score = 0;
    const bDirectors = this.directorsOf(b);
    if (this.directorsOf(a).some((d) => bDirectors.includes(d))) score += w.director;
    const bCast = this.castOf(b);
    const shared = [...new Set(this.castOf(a))].filter((id) => bCast.includes(id));
    if (!w.castDamp) return score + w.castEach * Math.min(w.castMax, shared.length);
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
  private genreSpecificity(a: number, b: number): number {
    let shared = 0;
    let all = 0;
    const idf = (g: number) => Math.log(this.corpusSize() / (this.genreDf.get(g) ?? 1));
    const aGenres = this.genresOf(a);
    const bGenres = this.genresOf(b);
    for (const g of new Set([...aGenres, ...bGenres])) {
      const x = idf(g);
      all += x;
      if (aGenres.includes(g) && bGenres.includes(g)) shared += x;
    }
    return all > 0 ? shared / all : 0;
  }

  /** Genres, category, decade, series: cheap, so computed only for the candidates that reach the selection. */
  private bonus(a: number, b: number): number {
    if (!this.options.metadata) return 0;
    const w = this.options.weights;
    let bonus = 0;
    bonus +=
      w.genre *
      jaccardBits(
        this.genreLo[a]!,
        this.genreHi[a]!,
        this.genreSize[a]!,
        this.genreRest.get(a),
        this.genreLo[b]!,
        this.genreHi[b]!,
        this.genreSize[b]!,
        this.genreRest.get(b),
      );
    bonus +=
      w.category *
      jaccardBits(
        this.categoryLo[a]!,
        this.categoryHi[a]!,
        this.categorySize[a]!,
        this.categoryRest.get(a),
        this.categoryLo[b]!,
        this.categoryHi[b]!,
        this.categorySize[b]!,
        this.categoryRest.get(b),
      );
    const aDecade = this.decadeOf(a);
    const bDecade = this.decadeOf(b);
    if (aDecade !== null && bDecade !== null) {
      const gap = Math.abs(aDecade - bDecade);
      bonus += gap === 0 ? w.decade : gap === 1 ? w.decade / 2 : 0;
    }
    const base = this.seriesBase[a]!;
    if (base >= 0 && base === this.seriesBase[b]) {
      bonus += this.seriesNumber[a] !== NONE || this.seriesNumber[b] !== NONE ? w.series : w.remake;
    }
    const aYear = this.years[a]!;
    const bYear = this.years[b]!;
    if (w.era && aYear !== NONE && bYear !== NONE) bonus += w.era * Math.exp(-Math.abs(aYear - bYear) / 8);
    if (w.notability) bonus += w.notability * this.notability[b]!;
    if (w.notabilityPair) bonus += w.notabilityPair * this.notability[a]! * this.notability[b]!;
    if (w.genreSpecific) bonus += w.genreSpecific * this.genreSpecificity(a, b);
    return bonus;
  }

  /** One pair's score and reasons, as `neighbours` would give them; for merging one changed film into a list. */
  explain(filmId: number, otherId: number): Neighbour | undefined {
    const a = this.byId.get(filmId);
    const b = this.byId.get(otherId);
    if (a === undefined || b === undefined || a === b || this.sameTitleAndYear(a, b)) return undefined;
    return { id: otherId, score: this.pairScore(a, b), reasons: this.reasons(a, b) };
  }

  private textOf(i: number): [Int32Array, Float32Array] {
    const s = this.textStart[i]!;
    const e = s + this.textLength[i]!;
    return [this.vecTerms.data.subarray(s, e), this.vecWeights.data.subarray(s, e)];
  }

  private titleOf(i: number): [Int32Array, Float32Array] {
    const s = this.titleStart[i]!;
    const e = s + this.titleLength[i]!;
    return [this.titleTerms.data.subarray(s, e), this.titleWeights.data.subarray(s, e)];
  }

  /** One pair's exact score: text cosine (one-term cut), title, people, audience and the bonuses. */
  private pairScore(a: number, b: number): number {
    const w = this.options.weights;
    const [aTerms, aWeights] = this.textOf(a);
    const [bTerms, bWeights] = this.textOf(b);
    const text = w.text * dot(aTerms, aWeights, bTerms, bWeights);
    const oneTerm = sharedSorted(aTerms, bTerms);
    let score = text * (oneTerm === 1 ? w.oneTerm : 1) + this.bonus(a, b) + this.people(a, b);
    if (this.options.metadata) {
      const [aTitle, aTitleWeights] = this.titleOf(a);
      const [bTitle, bTitleWeights] = this.titleOf(b);
      score += w.title * dot(aTitle, aTitleWeights, bTitle, bTitleWeights);
      const heard = this.audience.get(this.filmIds[a]!);
      if (heard) score += w.audience * (heard.find((n) => n.id === this.filmIds[b])?.sim ?? 0);
    }
    return score;
  }

  /** Films with any audience signal. */
  audienceFilms(): number[] {
    return [...this.audience.keys()];
  }

  /** Why two films are related, strongest first; what the film page shows beside each card. */
  private reasons(a: number, b: number): string[] {
    const out: string[] = [];
    if (this.options.metadata) {
      const base = this.seriesBase[a]!;
      if (base >= 0 && base === this.seriesBase[b]) {
        // "The Twilight Saga: New Moon" and "…: Eclipse" share a base, not a title: a series, not a remake.
        out.push(this.titleKey[a] === this.titleKey[b] ? 'Same title, another version' : 'Same series');
      }
      const bDirectors = this.directorsOf(b);
      const director = this.directorsOf(a).find((d) => bDirectors.includes(d));
      if (director !== undefined) out.push(`Same director: ${this.personNames.get(director) ?? ''}`);
      const bCast = this.castOf(b);
      const star = this.castOf(a).find((c) => bCast.includes(c));
      if (star !== undefined) out.push(`Also stars ${this.personNames.get(star) ?? ''}`);
    }
    const [aTerms, aWeights] = this.textOf(a);
    const [bTerms, bWeights] = this.textOf(b);
    const shared: { id: number; w: number }[] = [];
    let i = 0;
    let j = 0;
    while (i < aTerms.length && j < bTerms.length) {
      if (aTerms[i] === bTerms[j]) {
        shared.push({ id: aTerms[i]!, w: aWeights[i]! * bWeights[j]! });
        i++;
        j++;
      } else if (aTerms[i]! < bTerms[j]!) i++;
      else j++;
    }
    shared.sort((x, y) => y.w - x.w);
    const strong = shared.filter((s) => s.w >= 0.004 && !NOT_A_STORY.test(this.surface[s.id] ?? '')).slice(0, 3);
    if (strong.length) out.push(`Similar story: ${strong.map((s) => this.surface[s.id]).join(' · ')}`);
    if ((this.audience.get(this.filmIds[a]!) ?? []).some((n) => n.id === this.filmIds[b] && n.sim >= 0.05)) {
      out.push('Fans of this also liked it');
    }
    if (out.length === 0 && this.options.metadata) {
      const bGenres = this.genresOf(b);
      const genre = this.genresOf(a).some((g) => bGenres.includes(g));
      const decade = this.decadeOf(a);
      if (genre && decade !== null && decade === this.decadeOf(b)) out.push(`Same genre, also from the ${decade}0s`);
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

type Counted = { tf: Map<number, number>; titleTf: Map<number, number>; length: number; notability: number };
