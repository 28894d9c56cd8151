import { fitSiteCalibration } from './calibration.js';
import { featuresOf, type LabelledText, LEARNING, type LearningOptions, logit, type SpamModel } from './classifier.js';
import { modelWithLessons } from './learning.js';
import { runTextChecks, type Verdict, verdictOf } from './text-checks.js';

/**
 * Prequential ("test, then train") evaluation of the filter as a site uses it: a new channel's comments arrive in
 * time order; each is judged by the model as it is at that moment; what the filter holds goes to a moderator, whose
 * Spam / Not spam decision is replayed over the shipped model by the same code every instance runs
 * (`modelWithLessons`). Spam published and ham junked are never seen by the moderator, so they teach nothing. A held
 * comment the moderator approves teaches "not spam" only when approvals are learned (`teachApprovals`: the
 * spam feature's onApproved hook, decision 044); before it, only "Spam" marks taught the filter.
 */
export interface StreamWindow {
  /** 1-based position of the window's first comment in the stream. */
  from: number;
  n: number;
  ham: number;
  spam: number;
  hamJunked: number;
  spamPublished: number;
  held: number;
  /** Moderator decisions learned before this window began. */
  lessonsBefore: number;
}

export interface StreamResult {
  windows: StreamWindow[];
  total: StreamWindow;
  /** The model at the end of the stream, every moderator decision learned. */
  model: SpamModel;
}

export interface StreamOptions {
  shipped: SpamModel;
  thresholds: { spamPendingAbove: number; spamRejectAbove: number };
  /** Comments per reported window. */
  window?: number;
  /** How decisions are learned (the shipped learner unless given: eval:spam compares it with decision 025's). */
  learning?: LearningOptions;
  /** False: a held comment the moderator approves teaches nothing (the site before decision 044); default true. */
  teachApprovals?: boolean;
  /** False: nothing is learned (the model as shipped, judging every comment alone). */
  learn?: boolean;
  /**
   * Also fit the site's own calibration of the logit on the moderator's decisions (fitSiteCalibration, this prior
   * strength); measured by `spam sweep`, not what the site does.
   */
  siteCalibration?: number;
}

const emptyWindow = (from: number, lessonsBefore: number): StreamWindow => ({
  from,
  n: 0,
  ham: 0,
  spam: 0,
  hamJunked: 0,
  spamPublished: 0,
  held: 0,
  lessonsBefore,
});

function add(w: StreamWindow, isSpam: boolean, verdict: Verdict) {
  w.n++;
  if (isSpam) w.spam++;
  else w.ham++;
  if (verdict === 'uncertain') w.held++;
  else if (isSpam && verdict === 'ham') w.spamPublished++;
  else if (!isSpam && verdict === 'spam') w.hamJunked++;
}

export function replayStream(stream: LabelledText[], options: StreamOptions): StreamResult {
  const size = options.window ?? 50;
  const lessons: Array<{ features: Uint32Array; isSpam: boolean }> = [];
  const decided: Array<{ z: number; isSpam: boolean }> = [];
  let model = options.shipped;
  const windows: StreamWindow[] = [];
  const total = emptyWindow(1, 0);
  stream.forEach((comment, i) => {
    if (i % size === 0) windows.push(emptyWindow(i + 1, lessons.length));
    const verdict = verdictOf(runTextChecks(comment, model).score, options.thresholds);
    add(windows.at(-1)!, comment.isSpam, verdict);
    add(total, comment.isSpam, verdict);
    const taught = comment.isSpam || options.teachApprovals !== false;
    if (verdict === 'uncertain' && taught && options.learn !== false) {
      const features = featuresOf(options.shipped, comment);
      decided.push({ z: logit(model, features), isSpam: comment.isSpam });
      lessons.push({ features, isSpam: comment.isSpam });
      model = modelWithLessons(options.shipped, lessons, options.learning ?? LEARNING);
      if (options.siteCalibration !== undefined) {
        model.calibration = fitSiteCalibration(decided, options.siteCalibration);
      }
    }
  });
  return { windows, total, model };
}

const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '–').padStart(6);

/** One line per window: what went wrong (ham junked of ham, spam published of spam) and what a person had to do. */
export function formatWindow(w: StreamWindow, label = `${w.from}–${w.from + w.n - 1}`): string {
  return `  ${label.padEnd(12)} ham junked ${pct(w.hamJunked, w.ham)}  spam published ${pct(w.spamPublished, w.spam)}  errors ${pct(w.hamJunked + w.spamPublished, w.n)}  held ${pct(w.held, w.n)}  (${w.n} comments, ${w.spam} spam, ${w.lessonsBefore} decisions learned before)`;
}
