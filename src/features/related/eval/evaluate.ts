import type { DbOrTx } from '../../../db/database.js';
import { seededRandom } from '../../../lib/seeded-random.js';
import { audienceNeighbours } from '../audience.js';
import { type CorpusFilm, DEFAULT_OPTIONS, DEFAULT_WEIGHTS, type ModelOptions, RelatedModel } from '../model.js';
import { loadAudienceEvents, loadCorpus } from '../related.repository.js';

const K = 6;

export interface ModelResult {
  name: string;
  recall: number;
  ndcg: number;
  /** nDCG@6 per query, in query order: for paired comparisons. */
  perQuery: number[];
  seconds: number;
}

export interface EvalReport {
  queries: number;
  films: number;
  results: ModelResult[];
  /** 95 % paired bootstrap interval of mean nDCG@6(blend) − nDCG@6(plain TF-IDF). */
  bootstrap: { mean: number; low: number; high: number; resamples: number };
  audienceEvents: number;
}

/** recall@k (hits / relevant) and nDCG@k with binary gains (Järvelin & Kekäläinen, TOIS 2002). */
function score(ranked: number[], relevant: Set<number>): { recall: number; ndcg: number } {
  let dcg = 0;
  let hits = 0;
  ranked.slice(0, K).forEach((id, i) => {
    if (relevant.has(id)) {
      hits++;
      dcg += 1 / Math.log2(i + 2);
    }
  });
  let idcg = 0;
  for (let i = 0; i < Math.min(K, relevant.size); i++) idcg += 1 / Math.log2(i + 2);
  return { recall: hits / relevant.size, ndcg: idcg ? dcg / idcg : 0 };
}

export type Ranker = (filmId: number) => number[];

export function runModel(name: string, queries: { id: number; relevant: Set<number> }[], ranker: Ranker): ModelResult {
  const started = performance.now();
  const perQuery: number[] = [];
  let recall = 0;
  for (const q of queries) {
    const s = score(ranker(q.id), q.relevant);
    recall += s.recall;
    perQuery.push(s.ndcg);
  }
  const n = Math.max(1, queries.length);
  return {
    name,
    recall: recall / n,
    ndcg: perQuery.reduce((a, b) => a + b, 0) / n,
    perQuery,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Random films of the same (breadcrumb) category, what the seed's WordPress theme does, scored by its exact
 * expectation rather than by draws: at each of the 6 places a film of the pool (the category less the film itself)
 * is equally likely, so a relevant film is there with probability r / (P − 1) for r relevant films in the pool.
 * Sampling would leave a handful of hits over thousands of queries and make every ratio over it noise.
 */
function sameCategoryExpected(corpus: CorpusFilm[]): (
  filmId: number,
  relevant: Set<number>,
) => {
  recall: number;
  ndcg: number;
} {
  const categoryOf = new Map(corpus.map((f) => [f.id, f.categories[0] ?? -1]));
  const poolSize = new Map<number, number>();
  for (const f of corpus) poolSize.set(f.categories[0] ?? -1, (poolSize.get(f.categories[0] ?? -1) ?? 0) + 1);
  return (filmId, relevant) => {
    const category = categoryOf.get(filmId) ?? -1;
    const others = (poolSize.get(category) ?? 1) - 1;
    const r = [...relevant].filter((id) => categoryOf.get(id) === category).length;
    if (others <= 0 || r === 0) return { recall: 0, ndcg: 0 };
    const places = Math.min(K, others);
    const p = r / others;
    let dcg = 0;
    for (let i = 0; i < places; i++) dcg += p / Math.log2(i + 2);
    let idcg = 0;
    for (let i = 0; i < Math.min(K, relevant.size); i++) idcg += 1 / Math.log2(i + 2);
    return { recall: (places * p) / relevant.size, ndcg: dcg / idcg };
  };
}

export function pairedBootstrap(a: number[], b: number[], resamples = 2000): EvalReport['bootstrap'] {
  const random = seededRandom(7);
  const n = a.length;
  const diffs = a.map((x, i) => x - b[i]!);
  const mean = diffs.reduce((s, d) => s + d, 0) / Math.max(1, n);
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += diffs[Math.floor(random() * n)]!;
    means.push(s / Math.max(1, n));
  }
  means.sort((x, y) => x - y);
  return {
    mean,
    low: means[Math.floor(0.025 * resamples)]!,
    high: means[Math.floor(0.975 * resamples)]!,
    resamples,
  };
}

/**
 * Every model on the same queries: the seed's same-category random pick, plain TF-IDF cosine over synopses (the
 * floor), the text models measured for the choice of weighting, content with and without the title/series signals
 * (the ground truth is partly built from titles, so that ablation shows how much of the gain is reading titles),
 * and the shipped blend. `extra` adds rankings from a file ("any ranking").
 */
export async function evaluateRelated(
  db: DbOrTx,
  truth: { film: string; relevant: string[] }[],
  options: { extra?: Map<string, string[]>; log?: (line: string) => void } = {},
): Promise<EvalReport & { blend: RelatedModel; slugOf: Map<number, string>; idOf: Map<string, number> }> {
  const log = options.log ?? (() => {});
  const corpus = await loadCorpus(db);
  const events = await loadAudienceEvents(db);
  const idOf = new Map(corpus.map((f) => [f.slug, f.id]));
  const slugOf = new Map(corpus.map((f) => [f.id, f.slug]));
  const queries = truth
    .map((t) => ({
      id: idOf.get(t.film) ?? -1,
      relevant: new Set(t.relevant.map((s) => idOf.get(s) ?? -1).filter((id) => id >= 0)),
    }))
    .filter((q) => q.id >= 0 && q.relevant.size > 0);
  log(`${queries.length} queries with relevant films in a catalog of ${corpus.length}`);

  const results: ModelResult[] = [];
  {
    const expected = sameCategoryExpected(corpus);
    const started = performance.now();
    const perQuery: number[] = [];
    let recall = 0;
    for (const q of queries) {
      const e = expected(q.id, q.relevant);
      recall += e.recall;
      perQuery.push(e.ndcg);
    }
    const n = Math.max(1, queries.length);
    results.push({
      name: 'random same-category (expected)',
      recall: recall / n,
      ndcg: perQuery.reduce((a, b) => a + b, 0) / n,
      perQuery,
      seconds: (performance.now() - started) / 1000,
    });
  }

  const variant = (name: string, opts: Partial<ModelOptions>, audience = false) => {
    const started = performance.now();
    const model = new RelatedModel(corpus, { ...DEFAULT_OPTIONS, ...opts });
    if (audience) model.setAudience(audienceNeighbours(events));
    const result = runModel(name, queries, (id) => [...model.rank(id, K).ids]);
    result.seconds = (performance.now() - started) / 1000;
    results.push(result);
    log(`  ${name}: nDCG@6 ${result.ndcg.toFixed(4)} (${result.seconds.toFixed(1)} s)`);
    return model;
  };
  // scikit-learn's TfidfVectorizer defaults: every word, raw counts, smoothed IDF, no stop list, no stemming.
  variant('plain TF-IDF cosine (synopsis)', { weighting: 'plain', metadata: false });
  variant('text TF-IDF (stemmed, title+synopsis)', { weighting: 'tfidf', metadata: false });
  variant('text BM25 (stemmed, title+synopsis)', { weighting: 'bm25', metadata: false });
  variant('content without title/series signals', {
    weights: { ...DEFAULT_WEIGHTS, title: 0, series: 0, remake: 0 },
  });
  variant('content only (shipped, no audience)', {});
  const blend = variant('blend (content + audience)', {}, true);
  if (options.extra) {
    const extra = options.extra;
    results.push(
      runModel('ranking from --ranking file', queries, (id) =>
        (extra.get(slugOf.get(id) ?? '') ?? []).map((s) => idOf.get(s) ?? -1),
      ),
    );
  }
  const plain = results.find((r) => r.name.startsWith('plain'))!;
  const blendResult = results.find((r) => r.name.startsWith('blend'))!;
  return {
    queries: queries.length,
    films: corpus.length,
    results,
    bootstrap: pairedBootstrap(blendResult.perQuery, plain.perQuery),
    audienceEvents: events.length,
    blend,
    slugOf,
    idOf,
  };
}

export function formatReport(report: EvalReport): string[] {
  const base = report.results[0]!;
  const plain = report.results.find((r) => r.name.startsWith('plain'))!;
  const ratio = (x: number, y: number) => (y > 0 ? `${(x / y).toFixed(x / y >= 100 ? 0 : 2)}×` : '—');
  const num = (x: number) => (x > 0 && x < 0.001 ? x.toExponential(2) : x.toFixed(4));
  const lines = [
    `${report.queries} queries, catalog of ${report.films} films, ${report.audienceEvents} audience events (likes + votes ≥ 4★)`,
    '',
    `| model | recall@6 | nDCG@6 | recall ÷ same-cat | nDCG ÷ same-cat | recall ÷ TF-IDF | nDCG ÷ TF-IDF |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of report.results) {
    lines.push(
      `| ${r.name} | ${num(r.recall)} | ${num(r.ndcg)} | ${ratio(r.recall, base.recall)} | ${ratio(r.ndcg, base.ndcg)} | ${ratio(r.recall, plain.recall)} | ${ratio(r.ndcg, plain.ndcg)} |`,
    );
  }
  const b = report.bootstrap;
  lines.push(
    '',
    `blend − plain TF-IDF, nDCG@6: ${b.mean.toFixed(4)} (95 % paired bootstrap interval ${b.low.toFixed(4)} … ${b.high.toFixed(4)}, ${b.resamples} resamples of the ${report.queries} queries)`,
  );
  return lines;
}
