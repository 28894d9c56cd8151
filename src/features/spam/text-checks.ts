import { classify, type SpamModel } from './classifier.js';
import { isFilmHost } from './film-hosts.js';
import { fnv1a, hostOf, linkKind, mayHaveLinks, normaliseText, type SpamText, URL_IN_TEXT } from './text.js';

/** One check's contribution to the total spam score (scores add up, capped at 1) and why, for the moderator. */
export interface CheckResult {
  score: number;
  reasons: string[];
}

export const NO_SIGNAL: CheckResult = { score: 0, reasons: [] };

/**
 * Links: one link is ordinary ("have you seen the Criterion edition? https://…"), several are what link farms post,
 * and a comment that is mostly address with a few words around it exists to be clicked.
 */
export function checkLinks(text: SpamText): CheckResult {
  const body = normaliseText(text.body);
  // Links to film sites (film-hosts.ts) are what film talk links to; they count for nothing here.
  const links = (mayHaveLinks(body) ? (body.match(URL_IN_TEXT) ?? []) : []).filter((link) => {
    const host = hostOf(link.replace(/[.,;:!?)\]]+$/, ''));
    return !isFilmHost(host) && linkKind(link, host) !== 'moment';
  });
  if (links.length === 0) return NO_SIGNAL;
  const reasons: string[] = [];
  let score = 0;
  if (links.length >= 2) {
    score += Math.min(0.45, 0.15 * (links.length - 1));
    reasons.push(`${links.length} links in the comment`);
  }
  const linkChars = links.reduce((n, l) => n + l.length, 0);
  const words = body.replace(URL_IN_TEXT, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  if (linkChars / Math.max(1, body.trim().length) > 0.5 || words < 4) {
    score += 0.25;
    reasons.push(`Mostly links: ${words} word(s) of text around ${links.length} link(s)`);
  }
  return { score, reasons };
}

// Words that commenters never need in a display name but link sellers put there for the anchor text.
const NAME_KEYWORDS =
  /\b(?:casino|poker|betting|viagra|cialis|pharmacy|pills?|loans?|payday|seo|backlinks?|crypto|bitcoin|forex|escort|porn|xxx|replica|followers|cheap|discount|buy)\b/i;

/** A name is a name: an address or a sales keyword in it is anchor text for a link, not a person. */
export function checkName(text: SpamText): CheckResult {
  const name = text.authorName ?? '';
  if (!name) return NO_SIGNAL;
  if (/https?:\/\/|www\.|\.(?:com|net|org|ru|info|biz|xyz)\b/i.test(name)) {
    return { score: 0.5, reasons: ['Web address in the name'] };
  }
  const keyword = name.match(NAME_KEYWORDS);
  if (keyword) return { score: 0.3, reasons: [`Sales keyword “${keyword[0].toLowerCase()}” in the name`] };
  return NO_SIGNAL;
}

/** Domain block list (settings): the author's website, or any link in the body, on a listed domain or below it. */
export function checkBlockedDomains(text: SpamText, blocked: string[]): CheckResult {
  if (blocked.length === 0) return NO_SIGNAL;
  const hosts = new Set<string>();
  if (text.authorUrl) {
    const host = hostOf(text.authorUrl);
    if (host) hosts.add(host);
  }
  for (const link of normaliseText(text.body).match(URL_IN_TEXT) ?? []) {
    const host = hostOf(link.replace(/[.,;:!?)\]]+$/, ''));
    if (host) hosts.add(host);
  }
  for (const host of hosts) {
    const hit = blocked.find((domain) => host === domain || host.endsWith(`.${domain}`));
    if (hit) return { score: 1, reasons: [`Links to ${host}, on the blocked domain list (${hit})`] };
  }
  return NO_SIGNAL;
}

const scriptOf = (c: string): string | null => {
  if (/\p{Script=Latin}/u.test(c)) return 'Latin';
  if (/\p{Script=Cyrillic}/u.test(c)) return 'Cyrillic';
  if (/\p{Script=Greek}/u.test(c)) return 'Greek';
  return null;
};

/**
 * Character-set anomalies that people do not type but filter-dodgers do: a word mixing Latin with Cyrillic or Greek
 * look-alikes ("раypal" with a Cyrillic р, UTS #39's mixed-script confusables), invisible characters splitting words,
 * and stacks of combining marks ("zalgo" text). Text written wholly in another script is not an anomaly.
 */
export function checkCharset(text: SpamText): CheckResult {
  const body = text.body.replace(/\uFEFF/g, '');
  const reasons: string[] = [];
  let score = 0;
  let mixed = 0;
  // Plain ASCII cannot mix scripts or hide marks: most comments stop here, which keeps scoring fast.
  if (!/[^ -~\t\n\r]/.test(body)) return NO_SIGNAL;
  for (const word of body.match(/[\p{L}]{3,}/gu) ?? []) {
    const scripts = new Set<string>();
    for (const c of word) {
      const script = scriptOf(c);
      if (script) scripts.add(script);
    }
    if (scripts.size > 1) mixed++;
  }
  if (mixed > 0) {
    score += Math.min(0.6, 0.3 * mixed);
    reasons.push(`${mixed} word(s) mixing Latin with Cyrillic or Greek look-alike letters`);
  }
  const invisible = body.match(/[\u200B-\u200D\u2060\u00AD]/g)?.length ?? 0;
  if (invisible > 0) {
    score += 0.3;
    reasons.push(`${invisible} invisible character(s) inside the text`);
  }
  if (/\p{M}{3,}/u.test(body)) {
    score += 0.3;
    reasons.push('Stacked combining marks (“zalgo” text)');
  }
  return { score, reasons };
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The statistical classifier's opinion, with the body words that pushed it hardest, so a moderator sees why ("words
 * weighing most: subscribe, channel"). Its contribution is its probability.
 */
export function checkClassifier(text: SpamText, model: SpamModel): CheckResult & { probability: number } {
  const probability = classify(model, text);
  // Below this nobody needs the why, and skipping it keeps scoring of ordinary comments fast.
  if (probability < 0.2) return { score: probability, probability, reasons: [] };
  const mask = (1 << model.bits) - 1;
  const weighed = new Map<string, number>();
  for (const match of mayHaveLinks(text.body)
    ? normaliseText(text.body).replace(URL_IN_TEXT, ' ').toLowerCase().matchAll(WORD)
    : normaliseText(text.body).toLowerCase().matchAll(WORD)) {
    const weight = model.weights[fnv1a(match[0]) & mask] ?? 0;
    if (weight > 0) weighed.set(match[0], weight);
  }
  const top = [...weighed.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([word]) => word);
  const why = top.length ? ` (words weighing most: ${top.join(', ')})` : '';
  return { score: probability, probability, reasons: [`Text classifier: ${probability.toFixed(2)} spam-like${why}`] };
}

/** What the text alone says: every check that needs neither the database nor the form. */
export interface TextVerdict {
  score: number;
  reasons: string[];
  classifier: number;
}

export function runTextChecks(raw: SpamText, model: SpamModel, blockedDomains: string[] = []): TextVerdict {
  // Normalised once here; the checks normalise again, which is a cheap no-op on text without markup.
  const text = { ...raw, body: normaliseText(raw.body) };
  const results = [
    checkClassifier(text, model),
    checkLinks(text),
    checkName(text),
    checkBlockedDomains(text, blockedDomains),
    checkCharset(text),
  ];
  const score = Math.min(
    1,
    results.reduce((sum, r) => sum + r.score, 0),
  );
  return { score, reasons: results.flatMap((r) => r.reasons), classifier: results[0]!.score };
}

export type Verdict = 'spam' | 'uncertain' | 'ham';

/** The three-way decision: spam is filed away, uncertain goes to a moderator, ham goes on to the moderation rules. */
export function verdictOf(score: number, thresholds: { spamPendingAbove: number; spamRejectAbove: number }): Verdict {
  if (score >= thresholds.spamRejectAbove) return 'spam';
  if (score >= thresholds.spamPendingAbove) return 'uncertain';
  return 'ham';
}
