import type { DEFAULT_WEIGHTS, RelatedModel } from '../model.js';
import { type Query, runModel } from './evaluate.js';

/** The values each weight may take in the search; 0 or 1 first where that means "off". */
const GRID: Partial<Record<keyof typeof DEFAULT_WEIGHTS, number[]>> = {
  text: [0.6, 0.8, 1, 1.3],
  era: [0, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8],
  notability: [0, 0.05, 0.1, 0.2, 0.3],
  notabilityPair: [0, 0.1, 0.2, 0.3, 0.5, 0.8],
  genreSpecific: [0, 0.1, 0.2, 0.3, 0.5],
  genre: [0, 0.075, 0.15, 0.3],
  castDamp: [0, 1],
  castEach: [0.02, 0.05, 0.1, 0.15, 0.2, 0.3],
  director: [0.05, 0.12, 0.2, 0.3, 0.45, 0.6],
  decade: [0, 0.05, 0.1, 0.2],
  oneTerm: [1, 0.7, 0.5, 0.3, 0.15, 0.05, 0],
};

/** A second truth a fitted model may not fall below (decision 051: the series truth, so a sequel stays first). */
export interface FitGuard {
  queries: Query[];
  min: number;
}

/**
 * Coordinate ascent on mean nDCG@6 of `fit` queries: each weight in turn takes the grid value that scores best with
 * the others fixed; two passes. A value that takes the `guard` truth below its floor is not taken. The model's index
 * does not depend on these weights, so one model serves every trial. Only `fit` (and the guard) is looked at: the
 * caller reports the result on queries this never saw.
 */
export function fitWeights(
  model: RelatedModel,
  fit: Query[],
  log: (line: string) => void = () => {},
  guard?: FitGuard,
): typeof DEFAULT_WEIGHTS {
  const weights = model.options.weights;
  const ranker = (id: number) => [...model.rank(id, 6).ids];
  const evaluate = () => runModel('fit', fit, ranker).ndcg;
  const allowed = () => !guard || runModel('guard', guard.queries, ranker).ndcg >= guard.min;
  let best = evaluate();
  log(`  fit: start ${best.toFixed(4)}${guard ? `, guard floor ${guard.min.toFixed(4)}` : ''}`);
  for (let pass = 0; pass < 2; pass++) {
    for (const [key, values] of Object.entries(GRID) as [keyof typeof DEFAULT_WEIGHTS, number[]][]) {
      const kept = weights[key];
      let chosen = kept;
      for (const v of values) {
        if (v === kept) continue;
        weights[key] = v;
        const s = evaluate();
        if (s > best + 1e-4 && allowed()) {
          best = s;
          chosen = v;
        }
      }
      weights[key] = chosen;
    }
    log(`  fit: pass ${pass + 1} ${best.toFixed(4)} ${JSON.stringify(weights)}`);
  }
  return { ...weights };
}
