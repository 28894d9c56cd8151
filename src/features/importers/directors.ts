/**
 * Directors named in a synopsis ("… directed by William C. deMille and produced by …"), read word by word: a name goes
 * on through initials ("D. W."), lower-case particles before a capitalised word ("von Stroheim", "de la Cruz") and
 * camel-cased surnames ("deMille", "LeRoy"), and stops at a sentence's full stop, a comma, a parenthesis or the first
 * word that is not part of a name. Only what the text says: no "directed by" (or no person after it) yields no
 * director rather than a guess.
 */

// The first "directed by" only: a later one is often another film's ("… remade in 1934, directed by …"). Some
// extracts repeat it ("directed by directed by …").
const DIRECTED_BY = /\bdirected\s+by\s+(?:directed\s+by\s+)?/u;
/** Capitalised word: "Lee", "Hwan-kyung", "O'Brien", "DeMille", "LeRoy", "St.Clair". */
const CAPITALISED = /^\p{Lu}[\p{L}'’-]*(?:\.\p{Lu}[\p{L}'’-]*)*$/u;
/** A lower-case prefix glued to a capitalised surname: "deMille", "deToth" (a separate "van" is a particle). */
const CAMEL_CASED = /^\p{Ll}{1,3}\p{Lu}[\p{L}'’-]*$/u;
/** "D.", "W.", "G.W.": an initial never ends a name. */
const INITIAL = /^(?:\p{Lu}\.)+$/u;
/** Abbreviations whose full stop does not end the sentence. */
const ABBREVIATION = /^(?:Jr|Sr|St|Wm|Chas|Geo|Jas|Thos|Jno)\.$/;
const SUFFIX = /^,?\s+(Jr\.?|Sr\.?|II|III|IV)(?=[\s,.;:)]|$)/u;
/** Lower-case words inside a name when a capitalised one follows: "Erich von Stroheim", "Leon de la Mothe". */
const PARTICLES = new Set(
  'de da das del della der den di do dos du la le van von bin ben ibn y e ter ten zu af al'.split(' '),
);

/** Words that start with a capital but end a name: "directed by John Ford From a story…". */
const NOT_NAME = /^(From|For|In|At|On|With|Based|Starring|Produced|Written|The|A|An|It|This|And)$/;
/** A studio, not a person: "directed by Famous Players-Lasky Corporation". */
const NOT_PERSON = /^(Company|Corporation|Studios?|Pictures|Productions|Films?|Manufacturing|Bros\.?)$/;
const MAX_WORDS = 6;

/**
 * One name at the start of `text` and how much of the text it took; `name` is null when the words there are not a
 * person's name (a single word, a studio), and `length` 0 when not even a word of a name starts there.
 */
function readName(text: string): { name: string | null; length: number } {
  const words: string[] = [];
  /** Where each word kept ends in `text`, so the name's extent is known after words are dropped from its end. */
  const ends: number[] = [];
  let at = 0;
  let ended = false;
  const tokens = /(\s*)(\S+)/gy;
  while (!ended && words.length < MAX_WORDS) {
    tokens.lastIndex = at;
    const match = tokens.exec(text);
    if (!match) break;
    // One space inside a name (a no-break one too: "J.\u00a0J. Abrams"); a new line or a run of spaces is a new thought.
    if (words.length > 0 && !/^[ \u00a0]$/.test(match[1]!)) break;
    const raw = match[2]!;
    const bare = raw.replace(/[.,;:]+$/, '');
    const trailing = raw.slice(bare.length);
    const abbreviated = raw.replace(/[,;:]+$/, '');
    let word: string;
    if (INITIAL.test(abbreviated) || ABBREVIATION.test(abbreviated)) {
      word = abbreviated;
      ended = abbreviated !== raw;
    } else if (CAPITALISED.test(bare) || (words.length > 0 && CAMEL_CASED.test(bare))) {
      if (NOT_NAME.test(bare)) break;
      word = bare;
      ended = trailing !== '';
    } else if (PARTICLES.has(raw) && words.length > 0) {
      const next = /^ (\S+)/u.exec(text.slice(at + match[0].length));
      if (!next || !CAPITALISED.test(next[1]!.replace(/[.,;:]+$/, ''))) break;
      word = raw;
    } else {
      break;
    }
    words.push(word);
    ends.push(at + match[1]!.length + word.length);
    at += match[0].length;
  }
  while (words.length && (PARTICLES.has(words[words.length - 1]!) || NOT_NAME.test(words[words.length - 1]!))) {
    words.pop();
    ends.pop();
  }
  if (words.length === 0) return { name: null, length: 0 };
  // What follows the last word kept (", Jr.", "and …") is read from there.
  let used = ends[ends.length - 1]!;
  // A single word is too often not a person ("directed by Paramount"); real director credits have two or more.
  if (words.length < 2 || NOT_PERSON.test(words[words.length - 1]!)) return { name: null, length: used };
  let name = words.join(' ');
  const suffix = SUFFIX.exec(text.slice(used));
  if (suffix) {
    const word = suffix[1]!.replace(/^(Jr|Sr)$/, '$1.');
    name = `${name} ${word}`;
    used += suffix[0].length;
  }
  return { name, length: used };
}

export function directorsFromSynopsis(text: string): string[] {
  const match = DIRECTED_BY.exec(text);
  if (!match) return [];
  const rest = text.slice(match.index + match[0].length);
  const first = readName(rest);
  if (first.length === 0) return [];
  const directors = first.name ? [first.name] : [];
  // "Keaton and Edward F. Cline": the second is still named in full when the first is a bare surname.
  // "Erich von Stroheim (uncredited) and Rupert Julian": a note on the first does not hide the second.
  const and = /^(?:\s+\([^)]{1,40}\))?,?\s+and\s+/u.exec(rest.slice(first.length));
  if (and) {
    const second = readName(rest.slice(first.length + and[0].length));
    if (second.name) directors.push(second.name);
  }
  return directors;
}
