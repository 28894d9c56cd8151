import { isFilmHost } from './film-hosts.js';

/**
 * Turning a comment into the features the classifier counts. Pure and allocation-light: scoring runs on every comment
 * POST and, in `spam score` / `eval:spam`, on tens of thousands of texts a second.
 */

/** What the classifier reads of a comment. */
export interface SpamText {
  body: string;
  authorName?: string;
  authorUrl?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Undo the HTML the YouTube export left in its text (`&#39;`, `<br />`, `<a href=…>`), and drop U+FEFF: in the
 * YouTube Spam Collection the BOM character tracks the label (a collection artefact), so a model that saw it would
 * learn the artefact instead of the spam. Links keep their address so link features still see them.
 */
export function normaliseText(raw: string): string {
  let text = raw.replace(/\uFEFF/g, '');
  if (text.includes('<')) {
    text = text
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<a\s[^>]*href="([^"]*)"[^>]*>/gi, ' $1 ')
      .replace(/<\/?[a-z][^>]*>/gi, ' ');
  }
  if (text.includes('&')) {
    text = text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
  }
  return text;
}

export const URL_IN_TEXT =
  /\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|ru|co|io|ly|me|tv|us|uk|de|in|gl|tk|xyz|online|site|club|shop)\b(?:\/[^\s<>"']*)?/gi;

/** Every address URL_IN_TEXT finds has a dot right before a letter: text without one skips the costly pattern. */
export const mayHaveLinks = (text: string) => /\.[a-z]/i.test(text);

/** The host of a web address as written in text, lower-cased, without `www.`; null when it has none. */
export function hostOf(address: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `http://${address}`;
  try {
    return new URL(withScheme).hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** FNV-1a, 32 bit: fast, stable across runs and platforms, good enough spread for feature hashing. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// Distinct seeds per feature family, so "a:john" (author word) and "john" (body word) land in different buckets.
const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x2a6d365b;
const SEED_CHAR = 0x5bd1e995;
const SEED_AUTHOR = 0x1b873593;
const SEED_META = 0x68e31da4;
const SEED_SHAPE = 0x3c6ef372;
const SEED_SHAPE_BIGRAM = 0x510e527f;

/**
 * How many hashed copies each shape feature (word shapes, length, links, capitals, digits, exclamation marks) gets.
 * Features are L2-normalised over the whole text, so one shape feature among ~150 word and character features
 * barely moves the score; n copies make it weigh like a single feature of value √n. Shapes are what carries over to
 * spam of another medium (a long number, a word in capitals, "Xxxx d"), while YouTube's words ("channel",
 * "subscribe") do not. 8 was chosen among 4/6/8 with L2 (below): YouTube's leave-one-file-out figures barely move
 * across that range, so the cross-domain SMS figure did influence this one choice (docs/decisions/011); 2 and 4 were
 * measured again in decision 049 and did not help either.
 *
 * Which feature families a model reads: the model carries them, so it is always scored with the features it was
 * trained on. The shipped set is SHIPPED_FEATURES; `spam sweep --train '{"features":{…}}'` measures others.
 */
export interface FeatureOptions {
  /** Hashed copies of each shape feature (above). */
  shapeCopies: number;
  /** Character 3–5-grams inside words. */
  charGrams: boolean;
  /** Call-to-action features (callsToAction). */
  callToAction: boolean;
  /** Links reduced to the kind of page they point at (linkKind), beside their host. */
  linkKinds: boolean;
}

export const SHIPPED_FEATURES: FeatureOptions = {
  shapeCopies: 8,
  charGrams: true,
  callToAction: true,
  linkKinds: true,
};

/** What models written before decision 049 read (their files name no feature set). */
export const FEATURES_BEFORE_049: FeatureOptions = { ...SHIPPED_FEATURES, callToAction: false, linkKinds: false };
const DIGIT = /[0-9]/g;

/**
 * A word's shape: runs of letters → "x" ("X" in a word all in capitals), of digits → "d" (five or more: "D", a phone number
 * or a short code), anything else (apostrophe, letters without case) kept as "'" or "o". "FREE" → "X", "Txt" → "x", "MP3" → "Xd",
 * "£1000" → "d", "150p" → "dx", "08000930705" → "D".
 */
function shapeOf(word: string): string {
  // Capitals count only in a word without small letters: "Sunday" and "JavaScript" are how people write, "FREE" is not.
  const shouted = word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
  let shape = '';
  let last = '';
  let digitRun = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    let kind: string;
    if (c >= 65 && c <= 90) kind = shouted ? 'X' : 'x';
    else if (c >= 97 && c <= 122) kind = 'x';
    else if (c >= 48 && c <= 57) kind = 'd';
    else if (c === 39 || c === 0x2019) kind = "'";
    else kind = 'o';
    if (kind === 'd') digitRun++;
    else digitRun = 0;
    if (kind !== last) {
      shape += kind;
      last = kind;
    } else if (digitRun === 5) shape = `${shape.slice(0, -1)}D`;
  }
  return shape;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;

/**
 * The words of a text, as /[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu would match them (letters and digits, with one
 * apostrophe-and-letters tail: "don't"), by a hand loop: ASCII is decided by character code, anything else by the
 * Unicode property test. The regex's matchAll cost a quarter of the scoring time.
 */
function forEachWord(text: string, visit: (word: string, start: number) => void) {
  const n = text.length;
  const isWordChar = (code: number, at: number, lettersOnly: boolean): number => {
    if (code < 128) {
      const letter = (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
      return letter || (!lettersOnly && code >= 48 && code <= 57) ? 1 : 0;
    }
    const point = text.codePointAt(at)!;
    const char = String.fromCodePoint(point);
    return (lettersOnly ? LETTER : LETTER_OR_DIGIT).test(char) ? char.length : 0;
  };
  let i = 0;
  while (i < n) {
    let step = isWordChar(text.charCodeAt(i), i, false);
    if (step === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && step > 0) {
      i += step;
      step = i < n ? isWordChar(text.charCodeAt(i), i, false) : 0;
    }
    const quote = i < n ? text.charCodeAt(i) : 0;
    if ((quote === 39 || quote === 0x2019) && i + 1 < n) {
      let tail = isWordChar(text.charCodeAt(i + 1), i + 1, true);
      if (tail > 0) {
        i += 1;
        while (i < n && tail > 0) {
          i += tail;
          tail = i < n ? isWordChar(text.charCodeAt(i), i, true) : 0;
        }
      }
    }
    visit(text.slice(start, i), start);
  }
}

// Reused across calls (scoring is synchronous, so calls never interleave).
let stamps = new Uint32Array(0);
let generation = 0;
let scratch = new Uint32Array(1024);
const LENGTH_BUCKETS = [20, 40, 80, 160, 320, 640];

const bucket = (value: number, limits: number[]) => {
  let i = 0;
  while (i < limits.length && value >= limits[i]!) i++;
  return i;
};

/** Character 3-, 4- and 5-grams, each hashed as FNV-1a of its characters, extended a character at a time (no slices). */
function addCharGrams(padded: string, add: (hash: number) => void) {
  for (let i = 0; i + 3 <= padded.length; i++) {
    let hash = SEED_CHAR;
    const end = Math.min(padded.length, i + 5);
    for (let j = i; j < end; j++) {
      hash ^= padded.charCodeAt(j);
      hash = Math.imul(hash, 0x01000193);
      if (j - i >= 2) add(hash >>> 0);
    }
  }
}

const SHORTENERS = new Set([
  'bit.ly',
  'goo.gl',
  'tinyurl.com',
  'ow.ly',
  'adf.ly',
  't.co',
  'is.gd',
  'buff.ly',
  'linkbucks.com',
]);

/**
 * What kind of page a link points at, whatever the site: a moment of a video (a time in the address: people point
 * at a scene), a video, a person's or a channel's profile, a shortened address (hides where it goes), a site's
 * home page (an advertisement for the site), or a page deep inside a site (an article, a post). Hosts do not carry
 * over from one channel or site to the next; the kind of page does.
 */
export function linkKind(address: string, host: string | null): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `http://${address}`;
  let url: URL;
  try {
    url = new URL(withScheme.replace(/[.,;:!?)\]]+$/, ''));
  } catch {
    return 'odd';
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/(?:^|[?&#])(?:t|start|time_continue)=\d/.test(`${url.search}${url.hash}`)) return 'moment';
  if (host && SHORTENERS.has(host)) return 'short';
  if (/^\/(?:user|channel|c|u|profile)\//i.test(path) || /^\/@/.test(path)) return 'profile';
  if (
    (host === 'youtu.be' && path.length > 1) ||
    /^\/watch$/.test(path) ||
    /^\/(?:video|videos)\/|^\/\d{5,}$/.test(path)
  ) {
    return 'video';
  }
  if (!path) return 'home';
  const segments = path.split('/').filter(Boolean);
  if (segments.length >= 2 || /[a-z]+-[a-z]+/i.test(segments[0] ?? '')) return 'deep';
  return 'page';
}

const IMPERATIVE =
  /^(?:check|visit|subscribe|sub|follow|like|share|watch|go|look|click|search|join|add|help|support|listen|download|vote|give|thumbs|please|plz|pls|try|get|read|hit|take|come|buy|earn|win|call|text|send|claim|reply)$/;
const PROMOTED =
  /^(?:channel|channels|video|videos|vids|vid|page|blog|site|website|music|song|songs|track|tracks|remix|cover|covers|account|profile|fanpage|band|app|game|store|shop|playlist|youtube|content|stuff|newest|new|latest|first|own|mixtape|album|ep|group)$/;

/**
 * The call to action of promotion, as word patterns that do not depend on the vocabulary of one channel: a sentence
 * opening with an imperative ("check…", "visit…", "please…"), a reference to the writer's own channel or work ("my
 * new track", "our page", "sub me"), both in one comment, and engagement bait ("like if…", "thumbs up if…",
 * "if I get 100 subscribers").
 */
export function callsToAction(text: string): string[] {
  const words: string[] = [];
  // Clause starts: the first word, and any word after . ! ? : ; or a line break.
  const starts: boolean[] = [];
  let end = 0;
  forEachWord(text, (word, start) => {
    starts.push(words.length === 0 || /[.!?:;\n]/.test(text.slice(end, start)));
    words.push(word.toLowerCase());
    end = start + word.length;
  });
  let imperative = false;
  let self = false;
  let bait = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (starts[i] && IMPERATIVE.test(w)) imperative = true;
    if ((w === 'my' || w === 'our') && (PROMOTED.test(words[i + 1] ?? '') || PROMOTED.test(words[i + 2] ?? '')))
      self = true;
    if (w === 'me' && i > 0 && IMPERATIVE.test(words[i - 1]!)) self = true;
    if (w === 'if' && words.slice(Math.max(0, i - 3), i).some((x) => /^(?:like|up|share|subscribe|sub)$/.test(x)))
      bait = true;
    // A count made a condition: "if I get 100 subscribers…" (not "so close to 14,000,000 subscribers").
    if (/^(?:subscribers|subs|likes|views)$/.test(w) && /^\d+$/.test(words[i - 1] ?? '')) {
      if (words.slice(Math.max(0, i - 5), i - 1).some((x) => x === 'if' || x === 'when')) bait = true;
    }
    if (w === 'comment' && words[i - 1] === 'this' && /^(?:like|share|thumbs|up)$/.test(words[i - 2] ?? ''))
      bait = true;
  }
  const kinds: string[] = [];
  if (imperative) kinds.push('imperative');
  if (self) kinds.push('self');
  if (imperative && self) kinds.push('imperative+self');
  if (bait) kinds.push('bait');
  return kinds;
}

/**
 * The hashed feature set of a text: word unigrams and bigrams, character 3–5-grams inside words (they survive the
 * misspellings and glued words spam uses: "subscribeee", "check-out"), every digit read as 0 (a price or a phone
 * number says more by its length than by its value), links reduced to their host, author-name words, the author
 * URL's host, and shape features: word shapes and shape bigrams, length, shouting, digits, and (decision 049) the
 * kind of page each link points at and the calls to action. Each feature counts once per text (binary features suit
 * texts this short better than counts).
 */
export function textFeatures(input: SpamText, bits: number, options: FeatureOptions = SHIPPED_FEATURES): Uint32Array {
  const mask = (1 << bits) - 1;
  // A generation stamp per bucket instead of a Set: "seen in this text?" is one array read, no hashing, no garbage.
  if (stamps.length !== 1 << bits) stamps = new Uint32Array(1 << bits);
  generation = generation === 0xffffffff ? 1 : generation + 1;
  if (generation === 1) stamps.fill(0);
  const stamp = generation;
  let count = 0;
  const add = (hash: number) => {
    const f = hash & mask;
    if (stamps[f] === stamp) return;
    stamps[f] = stamp;
    if (count === scratch.length) {
      const bigger = new Uint32Array(scratch.length * 2);
      bigger.set(scratch);
      scratch = bigger;
    }
    scratch[count++] = f;
  };
  // Each copy is the feature's hash re-mixed (one multiply), so the copies land in unrelated buckets.
  const addShape = (hash: number) => {
    for (let copy = 0; copy < options.shapeCopies; copy++) add(Math.imul(hash ^ copy, 0x9e3779b1) ^ (hash >>> 15));
  };
  const body = normaliseText(input.body);

  let links = 0;
  const withoutLinks = !mayHaveLinks(body)
    ? body
    : body.replace(URL_IN_TEXT, (address) => {
        const host = hostOf(address.replace(/[.,;:!?)\]]+$/, ''));
        add(fnv1a(`host:${host ?? '?'}`, SEED_META));
        const kind = options.linkKinds ? linkKind(address, host) : '';
        if (kind) addShape(fnv1a(`linkkind:${kind}`, SEED_META));
        // A link to a film site reads as the host alone (film-hosts.ts); so does a link to a moment of a video: it
        // points at a scene, as "at 1:12:30" does, and is no invitation to visit anything.
        if (isFilmHost(host) || kind === 'moment') return ' ';
        links++;
        return ' zzlinkzz ';
      });
  // The bigram "a b" is hashed as FNV state carried from "a " into "b": same value as hashing the joined string.
  let bigramPrefix = -1;
  let previousShape = -1;
  forEachWord(withoutLinks, (cased) => {
    const word = cased.toLowerCase().replace(DIGIT, '0');
    add(fnv1a(word, SEED_WORD));
    if (bigramPrefix !== -1) add(fnv1a(word, bigramPrefix));
    bigramPrefix = fnv1a(' ', fnv1a(word, SEED_BIGRAM));
    if (options.charGrams && word.length >= 3) addCharGrams(`<${word}>`, add);
    const shape = shapeOf(cased);
    addShape(fnv1a(shape, SEED_SHAPE));
    if (previousShape !== -1) addShape(fnv1a(shape, previousShape));
    previousShape = fnv1a(' ', fnv1a(shape, SEED_SHAPE_BIGRAM));
  });

  if (options.callToAction) for (const kind of callsToAction(withoutLinks)) addShape(fnv1a(`cta:${kind}`, SEED_META));

  let upper = 0;
  let letters = 0;
  let digits = 0;
  let bangs = 0;
  for (let i = 0; i < withoutLinks.length; i++) {
    const c = withoutLinks.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      upper++;
      letters++;
    } else if (c >= 97 && c <= 122) letters++;
    else if (c >= 48 && c <= 57) digits++;
    else if (c === 33) bangs++;
  }
  addShape(fnv1a(`len:${bucket(body.length, LENGTH_BUCKETS)}`, SEED_META));
  addShape(fnv1a(`links:${Math.min(links, 3)}`, SEED_META));
  if (letters >= 10) addShape(fnv1a(`caps:${Math.round((upper / letters) * 4)}`, SEED_META));
  if (digits >= 5) addShape(fnv1a('digits:many', SEED_META));
  if (bangs >= 3) addShape(fnv1a('bangs:many', SEED_META));

  const name = input.authorName ? normaliseText(input.authorName).toLowerCase() : '';
  forEachWord(name, (word) => add(fnv1a(word, SEED_AUTHOR)));
  if (input.authorUrl) add(fnv1a(`authorhost:${hostOf(input.authorUrl) ?? '?'}`, SEED_META));

  return scratch.slice(0, count);
}
