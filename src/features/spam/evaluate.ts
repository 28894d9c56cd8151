import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../settings/index.js';
import { trainWithout } from './calibration.js';
import { type LabelledText, type SpamModel, trainModel } from './classifier.js';
import {
  type CorpusFile,
  FILM_TALK_PATH,
  inPostingOrder,
  mergeDeduplicated,
  readExtraHam,
  readFilmTalk,
  readMovieTalk,
  readSmsCollection,
  readYoutubeCorpus,
  sameCommentKey,
} from './corpus.js';
import { formatWindow, replayStream, type StreamWindow } from './evaluate-stream.js';
import { type Confusion, emptyConfusion, formatMeasures, type Measures, meanOf, measure, tally } from './metrics.js';
import { runTextChecks, verdictOf } from './text-checks.js';

/**
 * `npm run eval:spam`: how well the text-level filter (classifier + link, name and charset checks, three-way verdict
 * at the default thresholds) does on the shipped corpus and on other people's text. Data sets outside the repository
 * are skipped, with a line saying so, when they are not there.
 */
export interface EvalOptions {
  corpus: string;
  sharedData: string;
  /** The hand-written film-site comments (evaluation only); skipped when absent. */
  filmTalk?: string;
  print: (line: string) => void;
  thresholds?: { spamPendingAbove: number; spamRejectAbove: number };
}

const BINARY = { spamPendingAbove: 0.5, spamRejectAbove: 0.5 };

/** The three-way verdict at the thresholds, and (for comparison with two-way classifiers) spam at 0.5, no band. */
function confusionOn(model: SpamModel, rows: LabelledText[], thresholds: EvalOptions['thresholds']) {
  const c = emptyConfusion();
  const binary = emptyConfusion();
  const t = thresholds ?? DEFAULT_SETTINGS;
  for (const row of rows) {
    const score = runTextChecks(row, model).score;
    tally(c, row.isSpam, verdictOf(score, t));
    tally(binary, row.isSpam, verdictOf(score, BINARY));
  }
  return Object.assign(c, { binary });
}

/** Stratified folds: spam and ham each dealt round-robin after a seeded shuffle, so every fold has the same mix. */
function stratifiedFolds(rows: LabelledText[], k: number): LabelledText[][] {
  let state = 1234567;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const shuffled = (list: LabelledText[]) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  const folds: LabelledText[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const group of [shuffled(rows.filter((r) => r.isSpam)), shuffled(rows.filter((r) => !r.isSpam))]) {
    for (const row of group) folds[next++ % k]!.push(row);
  }
  return folds;
}

function printSplits(
  print: EvalOptions['print'],
  title: string,
  splits: Array<{ name: string; c: Confusion & { binary: Confusion } }>,
) {
  print(`\n${title}`);
  const decided: Measures[] = [];
  const strict: Measures[] = [];
  const binary: Measures[] = [];
  for (const { name, c } of splits) {
    decided.push(measure(c, 'decided'));
    strict.push(measure(c, 'strict'));
    binary.push(measure(c.binary, 'decided'));
    print(`  ${name.padEnd(26)} ${formatMeasures(decided.at(-1)!)}  (of ${c.tp + c.fp + c.tn + c.fn} decided)`);
  }
  print(`  ${'mean (decided)'.padEnd(26)} ${formatMeasures(meanOf(decided))}`);
  print(`  ${'mean (strict)'.padEnd(26)} ${formatMeasures(meanOf(strict))}`);
  print(`  ${'mean (two-way at 0.5)'.padEnd(26)} ${formatMeasures(meanOf(binary))}`);
  return { decided: meanOf(decided), strict: meanOf(strict), binary: meanOf(binary) };
}

export function runEvaluation(options: EvalOptions) {
  const { print } = options;
  const t = options.thresholds ?? DEFAULT_SETTINGS;
  const files: CorpusFile[] = readYoutubeCorpus(options.corpus);
  const all = mergeDeduplicated(files);
  const extraHam = readExtraHam(options.corpus);
  print(
    `Corpus: ${files.map((f) => `${f.name} (${f.rows.length})`).join(', ')}; ${all.length} distinct comments, ${all.filter((r) => r.isSpam).length} spam.`,
  );
  print(`Extra ham added to every training set (never tested on): ${extraHam.length} movie-talk comments.`);
  print(
    `Verdict: score >= ${t.spamRejectAbove} spam, >= ${t.spamPendingAbove} uncertain (held for a moderator), else ham.`,
  );
  print(
    '"decided" measures the comments the filter decided alone, hamFPR over all ham (uncertain = held, not blocked);',
  );
  print(
    '"strict" counts uncertain spam as missed and uncertain ham as passed; "two-way at 0.5" has no uncertain band.',
  );

  const folds = stratifiedFolds(all, 10);
  const cv = printSplits(
    print,
    '10-fold stratified cross-validation (duplicates removed across the whole corpus first):',
    folds.map((test, i) => {
      const train = folds.filter((_, j) => j !== i).flat();
      return { name: `fold ${i + 1}`, c: confusionOn(trainModel([...train, ...extraHam]), test, t) };
    }),
  );

  const lofo = printSplits(
    print,
    'Leave one file out (train on three videos, test on the fourth):',
    files.map((file, i) => {
      const test = new Set(file.rows.map((r) => sameCommentKey(r.body)));
      // A comment posted on two videos stays out of training when it is in the test file.
      const train = mergeDeduplicated(files.filter((_, j) => j !== i)).filter((r) => !test.has(sameCommentKey(r.body)));
      return { name: `test ${file.name}`, c: confusionOn(trainModel([...train, ...extraHam]), file.rows, t) };
    }),
  );

  const full = trainModel([...all, ...extraHam]);
  const sms = readSmsCollection(join(options.sharedData, 'sms-spam-collection'));
  const unseen = unseenSources(files, extraHam, full, sms, t, print);
  const filmTalk = readFilmTalk(options.filmTalk ?? FILM_TALK_PATH());
  if (filmTalk.length) {
    const scored = filmTalk.map((body) => ({ body, score: runTextChecks({ body }, full).score }));
    const c = confusionOn(
      full,
      filmTalk.map((body) => ({ body, isSpam: false })),
      t,
    );
    print(
      `\nHand-written film-site comments (data/film-talk-ham/film-talk-2.txt, never trained on, held out of decision 049), ${filmTalk.length}: junked ${c.fp}, held ${c.uncertainHam}; worst 20:`,
    );
    for (const x of scored.sort((a, b) => b.score - a.score).slice(0, 20)) {
      print(`  ${x.score.toFixed(3)}  ${x.body.slice(0, 100)}`);
    }
    const stream = replayStream(
      filmTalk.map((body) => ({ body, isSpam: false })),
      { shipped: full, thresholds: t },
    );
    print(' the same, prequential:');
    for (const w of stream.windows) print(formatWindow(w));
  }
  const movieTalk = readMovieTalk(join(options.sharedData, 'pang-lee-movie-review-data'));
  if (!movieTalk) print('\nPang & Lee movie reviews: not found, skipped.');
  else {
    print('\nLegitimate movie talk (Pang & Lee), model trained on the whole corpus; every text is ham:');
    // Also by the model a site has after learning a whole SMS stream's held comments: what moderators teach must
    // not make ordinary film talk look like spam.
    const taught = unseen.smsTaught ? [{ name: 'SMS-taught', model: unseen.smsTaught }] : [];
    for (const { name, model } of [{ name: 'shipped', model: full }, ...taught]) {
      let junked = 0;
      for (const set of movieTalk) {
        const c = confusionOn(
          model,
          set.texts.map((body) => ({ body, isSpam: false })),
          t,
        );
        junked += c.fp;
        const n = set.texts.length;
        print(
          `  ${name.padEnd(10)} ${set.source.padEnd(36)} ${n} texts: blocked as spam ${c.fp} (hamFPR ${((c.fp / n) * 100).toFixed(2)}%), uncertain ${c.uncertainHam} (${((c.uncertainHam / n) * 100).toFixed(2)}%)`,
        );
      }
      print(`  ${name.padEnd(10)} Pang & Lee sentences junked: ${junked} (goal 0)`);
    }
  }

  let smsMeasures: { decided: Measures; strict: Measures } | null = null;
  if (!sms) print('\nSMS Spam Collection: not found, skipped.');
  else {
    const c = confusionOn(full, sms, t);
    smsMeasures = { decided: measure(c, 'decided'), strict: measure(c, 'strict') };
    print(`\nCross-domain: trained on YouTube, tested on the SMS Spam Collection (${sms.length} messages):`);
    print(`  ${'decided'.padEnd(26)} ${formatMeasures(smsMeasures.decided)}`);
    print(`  ${'strict'.padEnd(26)} ${formatMeasures(smsMeasures.strict)}`);
    print(`  ${'two-way at 0.5'.padEnd(26)} ${formatMeasures(measure(c.binary, 'decided'))}`);
  }

  const sample = movieTalk?.flatMap((s) => s.texts).slice(0, 20_000) ?? all.map((r) => r.body);
  const sampleName = movieTalk ? 'movie-talk comments' : 'corpus comments, repeated';
  const texts = Array.from({ length: Math.max(20_000, sample.length) }, (_, i) => ({
    body: sample[i % sample.length]!,
    authorName: 'A commenter',
  }));
  for (let i = 0; i < 2000; i++) runTextChecks(texts[i]!, full);
  // Three rounds, the best reported: on a shared machine the slow rounds measure the neighbours.
  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const started = process.hrtime.bigint();
    for (const text of texts) runTextChecks(text, full);
    rates.push(texts.length / (Number(process.hrtime.bigint() - started) / 1e9));
  }
  print(
    `\nThroughput (all text checks + classifier, one core, ${texts.length} ${sampleName} a round): ${rates.map((r) => Math.round(r)).join(', ')} comments/s; best ${Math.round(Math.max(...rates))}.`,
  );
  const throughput = Math.max(...rates);
  return { cv, lofo, sms: smsMeasures, throughput, unseen: unseen.rows };
}

/** The issue's goals on comments of a source the model never trained on. */
const GOALS = { hamJunked: 0.005, spamPublished: 0.03, held: 0.1 };

const share = (a: number, b: number) => (b ? a / b : 0);
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** ham junked / spam published / held of a whole stream, the three figures the goals are about. */
function rates(w: StreamWindow) {
  return {
    hamJunked: share(w.hamJunked, w.ham),
    spamPublished: share(w.spamPublished, w.spam),
    held: share(w.held, w.n),
  };
}

const formatRates = (r: ReturnType<typeof rates>) =>
  `${percent(r.hamJunked).padStart(5)} ${percent(r.spamPublished).padStart(5)} ${percent(r.held).padStart(5)}`;

/** What misses a goal, and by how much (percentage points). */
function missed(r: ReturnType<typeof rates>): string {
  const misses = (['hamJunked', 'spamPublished', 'held'] as const)
    .filter((k) => r[k] > GOALS[k])
    .map((k) => `${k} +${((r[k] - GOALS[k]) * 100).toFixed(1)} pt`);
  return misses.length ? misses.join(', ') : 'all met';
}

/** Windows merged into one (for the long SMS stream's tail). */
function mergeWindows(windows: StreamWindow[]): StreamWindow {
  const first = windows[0]!;
  const sum = (k: 'n' | 'ham' | 'spam' | 'hamJunked' | 'spamPublished' | 'held') =>
    windows.reduce((n, w) => n + w[k], 0);
  return {
    from: first.from,
    n: sum('n'),
    ham: sum('ham'),
    spam: sum('spam'),
    hamJunked: sum('hamJunked'),
    spamPublished: sum('spamPublished'),
    held: sum('held'),
    lessonsBefore: first.lessonsBefore,
  };
}

/**
 * Every source the model never trained on, replayed as a new site gets it (evaluate-stream.ts): each YouTube file in
 * posting order against a model trained on the other three, and the SMS Spam Collection (file order) against the
 * model trained on all of YouTube — a fifth source, never used to choose anything. Three readings of each: the model
 * alone (nothing learned); before (only the moderator's "Spam" marks teach: approving a held comment taught nothing);
 * after (approving a held comment teaches "not spam", decision 044).
 */
function unseenSources(
  files: CorpusFile[],
  extraHam: LabelledText[],
  full: SpamModel,
  sms: LabelledText[] | null,
  t: { spamPendingAbove: number; spamRejectAbove: number },
  print: EvalOptions['print'],
) {
  const sources = files.map((file, i) => ({
    name: file.name.replace(/\.csv$/, ''),
    stream: inPostingOrder(file.rows) as LabelledText[],
    model: trainWithout(files, i, extraHam),
  }));
  if (sms) sources.push({ name: 'SMS (5th source)', stream: sms, model: full });
  else print('\nSMS Spam Collection: not found, the fifth unseen source is skipped.');
  print('\nUnseen sources, as the filter is used (prequential: comments in order, the moderator decides what is held,');
  print(
    `the model learns it). Goals: ham junked <= ${percent(GOALS.hamJunked)}, spam published <= ${percent(GOALS.spamPublished)}, held <= ${percent(GOALS.held)} of all.`,
  );
  print(
    `  ${'source'.padEnd(20)} ${'n'.padStart(5)} ${'spam'.padStart(5)}  ${'no learning'.padEnd(17)}  ${'before: spam marks'.padEnd(17)}  ${'after: + approvals'.padEnd(17)}  goals (after)`,
  );
  print(
    `  ${''.padEnd(32)}  ${'junk   pub  held'.padEnd(17)}  ${'junk   pub  held'.padEnd(17)}  ${'junk   pub  held'.padEnd(17)}`,
  );
  const rows: Array<{ name: string; before: ReturnType<typeof rates>; after: ReturnType<typeof rates> }> = [];
  const curves: Array<{ name: string; windows: StreamWindow[]; total: StreamWindow }> = [];
  let smsTaught: SpamModel | null = null;
  for (const source of sources) {
    const alone = replayStream(source.stream, { shipped: source.model, thresholds: t, learn: false });
    const before = replayStream(source.stream, { shipped: source.model, thresholds: t, teachApprovals: false });
    const after = replayStream(source.stream, { shipped: source.model, thresholds: t });
    const r = { alone: rates(alone.total), before: rates(before.total), after: rates(after.total) };
    rows.push({ name: source.name, before: r.before, after: r.after });
    curves.push({ name: source.name, windows: after.windows, total: after.total });
    if (source.model === full) smsTaught = after.model;
    print(
      `  ${source.name.padEnd(20)} ${String(after.total.n).padStart(5)} ${String(after.total.spam).padStart(5)}  ${formatRates(r.alone)}  ${formatRates(r.before)}  ${formatRates(r.after)}  ${missed(r.after)}`,
    );
  }
  print('\nThe same (after: marks and approvals learned), per 50 comments (the learning curve of a new channel):');
  for (const curve of curves) {
    print(` ${curve.name}`);
    const head = curve.windows.slice(0, 10);
    for (const w of head) print(formatWindow(w));
    // The SMS stream is 5,574 long: after its first 500 comments, blocks of 1,000.
    for (let i = 10; i < curve.windows.length; i += 20) {
      const block = mergeWindows(curve.windows.slice(i, i + 20));
      print(formatWindow(block));
    }
    print(formatWindow(curve.total, 'all'));
  }
  return { rows, smsTaught };
}
