import { join } from 'node:path';
import { trainWithout } from './calibration.js';
import { LEARNING, type LearningOptions, trainModel } from './classifier.js';
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

export function runSweep(o: SweepOptions): { mean: Record<'junked' | 'published' | 'held', number> } {
  const learning = { ...LEARNING, ...o.learning };
  const replay = {
    learning,
    thresholds: o.thresholds,
    siteCalibration: o.siteCalibration,
    teachApprovals: o.marksOnly !== true,
  };
  o.print(
    `learning ${JSON.stringify(learning)}  band ${o.thresholds.spamPendingAbove}–${o.thresholds.spamRejectAbove}  site calibration ${o.siteCalibration ?? 'off'}  ${o.marksOnly ? 'spam marks only' : 'marks and approvals'}`,
  );
  const files = readYoutubeCorpus(o.corpus);
  const extraHam = readExtraHam(o.corpus);
  const totals = files.map((file, i) => {
    const result = replayStream(inPostingOrder(file.rows), { shipped: trainWithout(files, i, extraHam), ...replay });
    o.print(`  ${file.name.padEnd(26)} ${line(result.total)}   first 100: ${line(firstHundred(result.windows))}`);
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
    const full = trainModel([...mergeDeduplicated(files), ...extraHam]);
    const sms = readSmsCollection(join(o.sharedData, 'sms-spam-collection'));
    if (sms) o.print(`  ${'check: SMS'.padEnd(26)} ${line(replayStream(sms, { shipped: full, ...replay }).total)}`);
    const film = readFilmTalk(FILM_TALK_PATH()).map((body) => ({ body, isSpam: false }));
    if (film.length)
      o.print(`  ${'check: film talk'.padEnd(26)} ${line(replayStream(film, { shipped: full, ...replay }).total)}`);
  }
  return {
    mean: { junked: summary('junked', mean), published: summary('published', mean), held: summary('held', mean) },
  };
}
