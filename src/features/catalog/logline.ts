import { excerpt } from '../../lib/excerpt.js';

/**
 * One line about a film for its card. Most synopses come from Wikipedia, whose first sentence files the film ("Big
 * Jack is a 1949 American Western film starring …"): a card already shows the title, year and genre, so that sentence
 * repeats them. A sentence that says what happens ("It tells the story of …", "The film follows …") is better; then
 * any sentence that is neither the filing sentence nor a list of credits; else the filing sentence without its
 * "X is a YEAR COUNTRY" head.
 */
export const LOGLINE_MAX = 110;

/** "X is a 1949 American Western film …", "X is an upcoming musical fantasy film …". */
const FILING =
  /\b(?:is|was|are|were)\s+(?:an?|the)\s[^.]*?\b(?:film|movie|documentary|docudrama|picture|serial|cartoon|short|feature|anthology)s?\b/i;
const FILING_HEAD = /^.*?\b(?:is|was|are|were)\s+(?:an?|the)\s+(?:upcoming\s+|lost\s+|surviving\s+)?(?:\d{4}\s+)?/i;
/** Country adjectives at the head of what is left ("American", "British-American", "Japanese"). */
const DEMONYMS = /^(?:[A-Z][a-z]+(?:an|ish|ese|ch|ian)(?:[-\s](?=[A-Z]))?)+\s+/;
const CREDITS =
  /^(?:it|the (?:film|movie|picture))\s+(?:(?:also\s+)?(?:stars|starred|co-stars|features)\b|(?:was|is)\s+(?:directed|produced|written|released|filmed|shot|distributed|based|the (?:first|second|third|last|sequel|remake))\b)|^(?:directed|produced|written|released|starring)\b/i;
const STORY =
  /^(?:it|the (?:film|movie|picture|story|plot))\s+(?:tells|follows|depicts|chronicles|centers|centres|concerns|revolves|is about|portrays|explores|recounts|shows|documents)\b/i;
/** Abbreviations and initials after which a full stop does not end a sentence. */
const NOT_AN_END = /(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Mt|vs|Co|Inc|Ltd|No|Vol|Bros)|\b[A-Z]|\b(?:[A-Z]\.){1,3}[A-Z])$/;

/** The synopsis' first paragraph as sentences. */
export function sentences(text: string): string[] {
  const flat = (text.split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  let start = 0;
  const end = /[.!?]["”’)]?\s+(?=["“(]?[A-Z0-9])/g;
  for (let match = end.exec(flat); match; match = end.exec(flat)) {
    const before = flat.slice(start, match.index);
    if (flat[match.index] === '.' && NOT_AN_END.test(before)) continue;
    out.push(flat.slice(start, match.index + match[0].trimEnd().length));
    start = match.index + match[0].length;
  }
  if (start < flat.length) out.push(flat.slice(start));
  return out.filter(Boolean);
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase('en') + s.slice(1);

/** "It tells the story of a CEO …" → "The story of a CEO …": the card already says what "it" is. */
function unwrapStory(sentence: string): string {
  const told = /^it tells (?:the story|the tale) of\s+/i.exec(sentence);
  return told ? `The story of ${sentence.slice(told[0].length)}` : sentence;
}

export function logline(synopsis: string, max = LOGLINE_MAX): string {
  const all = sentences(synopsis);
  if (all.length === 0) return '';
  const isFiling = (s: string, i: number) => i === 0 && FILING.test(s);
  const story = all.find((s, i) => !isFiling(s, i) && STORY.test(s));
  if (story) return excerpt(unwrapStory(story), max);
  const plain = all.find((s, i) => !isFiling(s, i) && !CREDITS.test(s));
  if (plain) return excerpt(plain, max);
  const first = all[0]!;
  if (!FILING.test(first)) return excerpt(first, max);
  const rest = first.replace(FILING_HEAD, '').replace(DEMONYMS, '');
  return excerpt(capitalise(rest), max);
}
