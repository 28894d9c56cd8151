import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../../../db/create-db.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { packageRoot } from '../../../lib/package-root.js';
import { countFilms } from '../../catalog/index.js';
import { runImport } from '../../importers/index.js';
import { loadCorpus } from '../related.repository.js';
import { audienceTruthAvailable, buildAudienceTruth } from './audience-truth.js';
import { evaluateRelated, formatReport, MODEL_SPECS, runModel, thinSynopses, toQueries } from './evaluate.js';
import { fitWeights } from './fit.js';
import { buildGroundTruth, parseGroundTruth } from './ground-truth.js';

export const DEFAULT_TRUTH = path.join(packageRoot(), 'data', 'related', 'ground-truth.jsonl');
/** Where the data set sits beside a checkout (as for the import benchmark); never committed into it. */
export const DEFAULT_DATA_DIR = path.join(packageRoot(), '..', 'shared', 'data', 'wikipedia-movie-data-us');

/** MovieLens ml-latest-small beside the checkout; its licence allows no copy in the repository of a product. */
export const DEFAULT_AUDIENCE_DIR = path.join(packageRoot(), '..', 'shared', 'data', 'movielens-latest-small');

/** How much nDCG@6 on the series truth a fitted weight may cost (sequels first is what visitors expect). */
const SERIES_SLACK = 0.005;

/** Two halves of the audience truth by a hash of the slug: weights are fitted on one, reported on the other. */
const half = (slug: string) => {
  let h = 2166136261;
  for (const c of slug) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return (h >>> 0) % 2 === 0 ? 'fit' : 'held';
};

export interface EvalCommandOptions {
  audience: string;
  /** Search the weights on the fit half of the audience truth and print them (decision 024). */
  fit?: boolean;
  truth: string;
  data: string;
  /** SQLite file holding the imported data set; imported on first use, reused after. */
  db: string;
  writeTruth?: boolean;
  ranking?: string;
  show?: number;
  /** Report films with a synopsis under this many characters whose first match shares one story word only. */
  thin?: number;
}

/**
 * `reelhouse related-eval`: import the data set into its own database (once), optionally (re)write the ground truth
 * from it, then score every model against the ground truth and print the table.
 */
export async function runRelatedEval(options: EvalCommandOptions, out: (line: string) => void): Promise<void> {
  const db = createDb({ dialect: 'sqlite', file: options.db });
  try {
    await migrateToLatest(db);
    if ((await countFilms(db)) === 0) {
      const files = fs
        .readdirSync(options.data)
        .filter((f) => /^movies-\d{4}s\.json\.gz$/.test(f))
        .sort();
      if (files.length === 0) throw new Error(`${options.data} holds no movies-<decade>.json.gz files`);
      for (const file of files) {
        const summary = await runImport(db, { file: path.join(options.data, file), format: 'wikipedia-json' });
        out(`imported ${file}: ${summary.inserted} films`);
      }
    }
    if (options.writeTruth) {
      const lines = buildGroundTruth(await loadCorpus(db));
      fs.mkdirSync(path.dirname(options.truth), { recursive: true });
      fs.writeFileSync(options.truth, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
      const evidence = new Map<string, number>();
      for (const l of lines) for (const e of l.evidence) evidence.set(e, (evidence.get(e) ?? 0) + 1);
      out(
        `wrote ${lines.length} films with relevant films to ${options.truth} (${[...evidence].map(([e, n]) => `${e}: ${n}`).join(', ')})`,
      );
    }
    const truth = parseGroundTruth(fs.readFileSync(options.truth, 'utf8'));
    const extra = options.ranking
      ? new Map(
          fs
            .readFileSync(options.ranking, 'utf8')
            .split('\n')
            .filter((l) => l.trim())
            .map((l) => JSON.parse(l) as { film: string; ranked: string[] })
            .map((r) => [r.film, r.ranked] as const),
        )
      : undefined;
    const truths = [{ name: 'series truth (sequels, remakes, mentions)', lines: truth }];
    if (audienceTruthAvailable(options.audience)) {
      const audience = buildAudienceTruth(options.audience, await loadCorpus(db));
      out(`audience truth: ${audience.matched} MovieLens films matched to the catalog, ${audience.length} queries`);
      truths.push(
        {
          name: 'audience truth (MovieLens co-likes), held-out half',
          lines: audience.filter((l) => half(l.film) === 'held'),
        },
        {
          name: 'audience truth (MovieLens co-likes), fit half',
          lines: audience.filter((l) => half(l.film) === 'fit'),
        },
      );
    } else {
      out(`${options.audience} is absent: the audience truth (MovieLens) is skipped`);
    }
    // The shipped model last: --fit starts from it and --show prints its lists.
    const models = MODEL_SPECS;
    const report = await evaluateRelated(db, truths, { models, extra, log: out });
    out('');
    for (const line of formatReport(report)) out(line);
    if (options.fit && truths[2]) {
      out('');
      // The series truth guards the fit: a weight that costs it more than SERIES_SLACK is not taken (decision 051).
      const seriesQueries = toQueries(truths[0]!.lines, report.idOf);
      const series = runModel('shipped', seriesQueries, (id) => [...report.model.rank(id, 6).ids]).ndcg;
      const fitted = fitWeights(report.model, toQueries(truths[2].lines, report.idOf), out, {
        queries: seriesQueries,
        min: series - SERIES_SLACK,
      });
      out(`fitted weights: ${JSON.stringify(fitted)}`);
    }
    if (options.thin) {
      const thin = thinSynopses(report.model, report.corpus, options.thin);
      out('');
      out(
        `thin synopses (< ${options.thin} characters): ${thin.films} films; first match there for one story word only: ${thin.oneWord} (${((100 * thin.oneWord) / Math.max(1, thin.films)).toFixed(1)} %)`,
      );
      for (const e of thin.examples) out(`   ${e.film} → ${e.other}  [${e.reasons.join('; ')}]`);
    }
    if (options.show) {
      // Lists to read by eye: half from the ground truth, half any films (every n-th, spread over the decades).
      out('');
      const half = Math.ceil(options.show / 2);
      const ids = [...report.idOf.values()];
      const picks = [
        ...Array.from({ length: half }, (_, i) => truth[Math.floor((i * truth.length) / half)]?.film),
        ...Array.from({ length: options.show - half }, (_, i) =>
          report.slugOf.get(ids[Math.floor(((i + 0.5) * ids.length) / (options.show! - half))]!),
        ),
      ];
      for (const slug of picks) {
        const id = slug === undefined ? undefined : report.idOf.get(slug);
        if (id === undefined) continue;
        const film = report.model.film(id)!;
        const relevant = truth.find((t) => t.film === slug)?.relevant;
        out(`${film.title} (${film.year ?? '?'})${relevant ? ` — ground truth: ${relevant.join(', ')}` : ''}`);
        for (const n of report.model.neighbours(id, 6)) {
          const other = report.model.film(n.id)!;
          out(`   ${n.score.toFixed(3)}  ${other.title} (${other.year ?? '?'})  [${n.reasons.join('; ')}]`);
        }
      }
    }
  } finally {
    await db.destroy();
  }
}
