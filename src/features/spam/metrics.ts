/** Binary classification measures, spam = positive. Uncertain verdicts are counted apart (see `tally`). */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** Held for a person to decide: never blocked, never published unseen. */
  uncertainSpam: number;
  uncertainHam: number;
}

export interface Measures {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** Matthews correlation coefficient (Matthews 1975): one number that stays honest on unbalanced classes. */
  mcc: number;
  /** Share of legitimate comments blocked as spam; uncertain ones are held, not blocked, so they do not count. */
  hamFpr: number;
  uncertain: number;
}

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, tn: 0, fn: 0, uncertainSpam: 0, uncertainHam: 0 });

export function tally(confusion: Confusion, isSpam: boolean, verdict: 'spam' | 'ham' | 'uncertain'): void {
  if (verdict === 'uncertain') {
    if (isSpam) confusion.uncertainSpam++;
    else confusion.uncertainHam++;
  } else if (isSpam) {
    if (verdict === 'spam') confusion.tp++;
    else confusion.fn++;
  } else if (verdict === 'spam') confusion.fp++;
  else confusion.tn++;
}

/**
 * Two readings of one confusion: `decided` measures the comments the filter decided on its own (uncertain ones go
 * to a moderator, as the three-way verdict intends); `strict` counts every uncertain spam as missed and every
 * uncertain ham as passed, the lower bound of what a site sees with nobody moderating.
 */
export function measure(c: Confusion, mode: 'decided' | 'strict'): Measures {
  const tp = c.tp;
  const fp = c.fp;
  const tn = mode === 'strict' ? c.tn + c.uncertainHam : c.tn;
  const fn = mode === 'strict' ? c.fn + c.uncertainSpam : c.fn;
  const n = tp + fp + tn + fn;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  const allHam = c.fp + c.tn + c.uncertainHam;
  return {
    n,
    accuracy: n ? (tp + tn) / n : 0,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    mcc: denominator ? (tp * tn - fp * fn) / denominator : 0,
    hamFpr: allHam ? c.fp / allHam : 0,
    uncertain: c.uncertainSpam + c.uncertainHam,
  };
}

export function meanOf(all: Measures[]): Measures {
  const avg = (key: keyof Measures) => all.reduce((sum, m) => sum + m[key], 0) / Math.max(1, all.length);
  return {
    n: avg('n'),
    accuracy: avg('accuracy'),
    precision: avg('precision'),
    recall: avg('recall'),
    f1: avg('f1'),
    mcc: avg('mcc'),
    hamFpr: avg('hamFpr'),
    uncertain: avg('uncertain'),
  };
}

export function formatMeasures(m: Measures): string {
  const f = (x: number) => x.toFixed(3);
  return `acc ${f(m.accuracy)}  prec ${f(m.precision)}  rec ${f(m.recall)}  F1 ${f(m.f1)}  MCC ${f(m.mcc)}  hamFPR ${(m.hamFpr * 100).toFixed(2)}%  uncertain ${Math.round(m.uncertain)}`;
}
