import { type LabelledText, logit, type SpamModel, type TrainOptions, trainModel } from './classifier.js';
import { type CorpusFile, mergeDeduplicated, sameCommentKey } from './corpus.js';
import { normaliseText, textFeatures } from './text.js';
import { checkCharset, checkLinks, checkName } from './text-checks.js';

/**
 * Platt scaling (Platt 1999): the a, b of σ(a·z + b) that minimise log loss on (logit, label) pairs, by Newton's
 * method on the two parameters, with Platt's smoothed targets ((n₊+1)/(n₊+2), 1/(n₋+2)) so a clean split does not
 * drive a to infinity. Classes are weighed equally, as in training: the calibrated score answers "spam or not" for a
 * comment, whatever a source's mix.
 */
export function fitPlatt(points: Array<{ z: number; isSpam: boolean }>): { scale: number; shift: number } {
  const spam = points.filter((p) => p.isSpam).length;
  const ham = points.length - spam;
  if (!spam || !ham) return { scale: 1, shift: 0 };
  const hi = (spam + 1) / (spam + 2);
  const lo = 1 / (ham + 2);
  const weightOf = (isSpam: boolean) => (isSpam ? points.length / (2 * spam) : points.length / (2 * ham));
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (const { z, isSpam } of points) {
      const p = 1 / (1 + Math.exp(-(a * z + b)));
      const w = weightOf(isSpam);
      const d = (p - (isSpam ? hi : lo)) * w;
      const s = p * (1 - p) * w;
      ga += d * z;
      gb += d;
      haa += s * z * z;
      hab += s * z;
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { scale: a, shift: b };
}

/**
 * A site's own calibration of the logit, σ(a·z + b), fitted on its moderators' decisions (z as scored before the
 * decision was learned), by Newton's method with a Gaussian prior of the given strength pulling (a, b) to the identity
 * (1, 0): with few decisions it stays near the shipped scores, with many it follows the site. Measured in the
 * prequential replay (`spam sweep --site-calibration`), not shipped (docs/decisions/044): it held fewer comments
 * but published and junked more.
 */
export function fitSiteCalibration(
  points: Array<{ z: number; isSpam: boolean }>,
  strength: number,
): { scale: number; shift: number } {
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 30; iteration++) {
    let ga = strength * (a - 1);
    let gb = strength * b;
    let haa = strength;
    let hab = 0;
    let hbb = strength;
    for (const { z, isSpam } of points) {
      const p = 1 / (1 + Math.exp(-(a * z + b)));
      const d = p - (isSpam ? 1 : 0);
      const s = p * (1 - p);
      ga += d * z;
      gb += d;
      haa += s * z * z;
      hab += s * z;
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-6) break;
  }
  // A falling or flat score would turn the ranking around or off: the site's decisions only sharpen or soften it.
  return { scale: Math.max(0.5, a), shift: b };
}

/**
 * The (logit, label) pairs calibration is fitted on: each YouTube file scored by a model trained on the other files
 * (plus the extra ham), so every score is one of a source the model never saw — the situation of a new site.
 */
export function leaveOneSourceOutPoints(files: CorpusFile[], extraHam: LabelledText[]): ScoredPoint[] {
  return files.flatMap((file, i) => {
    const model = trainWithout(files, i, extraHam);
    return file.rows.map((row) => {
      const text = { ...row, body: normaliseText(row.body) };
      return {
        z: logit(model, textFeatures(row, model.bits, model.features)),
        rules: checkLinks(text).score + checkName(text).score + checkCharset(text).score,
        isSpam: row.isSpam,
      };
    });
  });
}

/** The model trained on every file but the i-th (a comment posted on two videos stays out when it is in the i-th). */
export function trainWithout(
  files: CorpusFile[],
  i: number,
  extraHam: LabelledText[],
  options: Partial<TrainOptions> = {},
): SpamModel {
  const test = new Set(files[i]!.rows.map((r) => sameCommentKey(r.body)));
  const train = mergeDeduplicated(files.filter((_, j) => j !== i)).filter((r) => !test.has(sameCommentKey(r.body)));
  return trainModel([...train, ...extraHam], options);
}

/** σ⁻¹ of the default thresholds (settings): where the calibrated classifier's band begins and ends. */
const logitOf = (p: number) => Math.log(p / (1 - p));

export interface OperatingGoals {
  /** Most ham that may be filed as spam, as a share of ham. */
  hamJunked: number;
  /** Most spam that may be published unseen, as a share of spam. */
  spamPublished: number;
}

/** The goals for comments from sources the model never trained on. */
export const GOALS: OperatingGoals = { hamJunked: 0.005, spamPublished: 0.03 };

export interface ScoredPoint {
  z: number;
  /** What the rule checks beside the classifier add (links, name, charset). */
  rules: number;
  isSpam: boolean;
}

/**
 * The affine map of the logit that puts the uncertain band where held-out sources say it belongs: among logit cut
 * points lo < hi (0.1 apart, from −6 to 10), the pair with the fewest comments held whose verdicts, with the rule
 * checks added as on the site, keep ham junked and spam published within the goals on the pooled held-out comments;
 * then σ(scale·z + shift) reads exactly the default thresholds at lo and hi. The site's thresholds stay where the
 * settings have them; what moved is the classifier's scale. The scores stop being Platt probabilities (which
 * barely differed from the raw ones: scale 1.2, shift 0.12) and become "where this comment sits against the band
 * chosen on unseen sources".
 */
export function fitOperatingPoints(
  points: ScoredPoint[],
  thresholds: { spamPendingAbove: number; spamRejectAbove: number },
  goals: OperatingGoals = GOALS,
): { scale: number; shift: number; lo: number; hi: number; held: number; hamJunked: number; spamPublished: number } {
  const ham = points.filter((p) => !p.isSpam).length;
  const spam = points.length - ham;
  const pLo = logitOf(thresholds.spamPendingAbove);
  const pHi = logitOf(thresholds.spamRejectAbove);
  let best: ReturnType<typeof fitOperatingPoints> | null = null;
  for (let i = 0; i <= 160; i++) {
    const lo = -6 + i * 0.1;
    for (let j = i + 1; j <= 160; j++) {
      const hi = -6 + j * 0.1;
      const scale = (pHi - pLo) / (hi - lo);
      const shift = pLo - scale * lo;
      let held = 0;
      let junked = 0;
      let published = 0;
      for (const p of points) {
        const score = Math.min(1, 1 / (1 + Math.exp(-(scale * p.z + shift))) + p.rules);
        if (score >= thresholds.spamRejectAbove) junked += p.isSpam ? 0 : 1;
        else if (score >= thresholds.spamPendingAbove) held++;
        else published += p.isSpam ? 1 : 0;
      }
      if (junked > goals.hamJunked * ham || published > goals.spamPublished * spam) continue;
      // Ties go to the narrower band nearer the middle: the first found (lowest lo), then the lowest hi.
      if (!best || held < best.held) {
        best = { scale, shift, lo, hi, held, hamJunked: junked / ham, spamPublished: published / spam };
      }
    }
  }
  if (!best) throw new Error('no uncertain band meets the goals on the held-out sources');
  return best;
}
