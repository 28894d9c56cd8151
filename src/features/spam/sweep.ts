import { join } from 'node:path';
import { trainWithout } from './calibration.js';
import { LEARNING, type LearningOptions, type TrainOptions, trainModel } from './classifier.js';
import {
  FILM_TALK_PATH,
  inPostingOrder,
  mergeDeduplicated,
  readExtraHam,
  readFilmTalk,
  readSmsCollection,
  readYoutubeCorpus,
} from './corpus.js';
import { replayStream, type StreamWindow } from './evaluate-stream.js';
import { runTextChecks } from './text-checks.js';

/**
 * `reelhouse spam sweep`: one setting of the online learner and the band, replayed prequentially on the four YouTube
 * files (each a new channel for a model trained on the other three) — the figures the learner's settings are chosen
 * on (docs/decisions/044 logs which run chose what). The SMS collection and the film-talk corpus are printed only with
 * `checks`, to confirm a choice already made: they must never be what a setting is picked on.
 */
export interface SweepOptions {
  corpus: string;
  sharedData: string;
  learning: Partial<LearningOptions>;
  /** Training settings to change (features among them), measured against the shipped ones. */
  train?: Partial<TrainOptions>;
  thresholds: { spamPendingAbove: number; spamRejectAbove: number };
  siteCalibration?: number;
  /** Only "Spam" marks teach (the site before decision 044): approving a held comment teaches nothing. */
  marksOnly?: boolean;
  checks: boolean;
  print: (line: string) => void;
}

const pct = (a: number, b: number) => (b ? ((a / b) * 100).toFixed(1) : '–').padStart(5);
const line = (w: StreamWindow) =>
  `junked ${pct(w.hamJunked, w.ham)}  published ${pct(w.spamPublished, w.spam)}  held ${pct(w.held, w.n)}`;

function firstHundred(windows: StreamWindow[]): StreamWindow {
  const [a, b] = windows;
  if (!a || !b) return a!;
  return {
    ...a,
    n: a.n + b.n,
    ham: a.ham + b.ham,
    spam: a.spam + b.spam,
    hamJunked: a.hamJunked + b.hamJunked,
    spamPublished: a.spamPublished + b.spamPublished,
    held: a.held + b.held,
  };
}

/** ROC AUC of scores against labels (ties count half): how well the model alone ranks spam above ham. */
export function rocAuc(points: Array<{ score: number; isSpam: boolean }>): number {
  const sorted = [...points].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let spam = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]!.isSpam) {
        rankSum += rank;
        spam++;
      }
    }
    i = j;
  }
  const ham = sorted.length - spam;
  return spam && ham ? (rankSum - (spam * (spam + 1)) / 2) / (spam * ham) : 0.5;
}

export function runSweep(o: SweepOptions): { mean: Record<'junked' | 'published' | 'held', number> } {
  const learning = { ...LEARNING, ...o.learning };
  const replay = {
    learning,
    thresholds: o.thresholds,
    siteCalibration: o.siteCalibration,
    teachApprovals: o.marksOnly !== true,
  };
  o.print(
    `train ${JSON.stringify(o.train ?? {})}  learning ${JSON.stringify(learning)}  band ${o.thresholds.spamPendingAbove}–${o.thresholds.spamRejectAbove}  site calibration ${o.siteCalibration ?? 'off'}  ${o.marksOnly ? 'spam marks only' : 'marks and approvals'}`,
  );
  const files = readYoutubeCorpus(o.corpus);
  const extraHam = readExtraHam(o.corpus);
  const totals = files.map((file, i) => {
    const shipped = trainWithout(files, i, extraHam, o.train);
    const result = replayStream(inPostingOrder(file.rows), { shipped, ...replay });
    const auc = rocAuc(file.rows.map((row) => ({ score: runTextChecks(row, shipped).score, isSpam: row.isSpam })));
    o.print(
      `  ${file.name.padEnd(26)} ${line(result.total)}   first 100: ${line(firstHundred(result.windows))}   AUC ${auc.toFixed(3)}`,
    );
    const t = result.total;
    return { junked: t.hamJunked / t.ham, published: t.spamPublished / t.spam, held: t.held / t.n };
  });
  const summary = (k: 'junked' | 'published' | 'held', f: (xs: number[]) => number) => f(totals.map((t) => t[k]));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const fmt = (f: (xs: number[]) => number) =>
    (['junked', 'published', 'held'] as const).map((k) => `${k} ${(summary(k, f) * 100).toFixed(1)}%`).join('  ');
  o.print(`  ${'YouTube mean'.padEnd(26)} ${fmt(mean)}`);
  o.print(`  ${'YouTube worst file'.padEnd(26)} ${fmt((xs) => Math.max(...xs))}`);
  if (o.checks) {
    const full = trainModel([...mergeDeduplicated(files), ...extraHam], o.train);
    const sms = readSmsCollection(join(o.sharedData, 'sms-spam-collection'));
    if (sms) o.print(`  ${'check: SMS'.padEnd(26)} ${line(replayStream(sms, { shipped: full, ...replay }).total)}`);
    const film = readFilmTalk(FILM_TALK_PATH()).map((body) => ({ body, isSpam: false }));
    if (film.length)
      o.print(`  ${'check: film talk 2'.padEnd(26)} ${line(replayStream(film, { shipped: full, ...replay }).total)}`);
  }
  return {
    mean: { junked: summary('junked', mean), published: summary('published', mean), held: summary('held', mean) },
  };
}
