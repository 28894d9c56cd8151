// Martin Porter's algorithm as he published it (with the 'logi' and 'bli' rules of his reference C version), from a
// maintained package: our own copy disagreed with the reference output on 11 of 21,019 catalog words.
import { stemmer } from 'stemmer';

// A standard English stop list (the SMART/Lucene style short list) plus words every film synopsis uses: they say
// nothing about what a film is about ("film" would otherwise relate every pair of films; "upcoming" or "titular" only
// say when or how the article was written).
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers herself
him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves one two three first second new later became become becomes many much well may
film films movie movies picture pictures directed director direct starring stars star starred written writer produced
producer production released release american drama comedy silent feature features based upon story stories plays
played role roles cast company studio studios version year years time lead leading wikipedia known best set sets
produce part received reviews review box office critics critical commercial success upcoming titular untitled
ii iii iv vi vii viii ix`.split(/\s+/),
);

/** Words of a text, lower-cased and without accents; apostrophes inside words dropped ("don't" → "dont"). */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[a-z0-9]+/g) ?? []
  );
}

/** Stemming is the costliest step of reading a text, and a catalog's vocabulary repeats: remember each word's stem. */
const stems = new Map<string, string>();

export interface Token {
  stem: string;
  word: string;
}

/**
 * The terms a text model counts: stop words, one-letter words and numbers other than years dropped, the rest
 * Porter-stemmed.
 * `word` keeps the surface form, so a reason can say "prison", not "prison" 's stem "prison" or "daughter"'s "daughter".
 */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const word of words(text)) {
    // Numbers say nothing, except years: a sequel's synopsis names the year of the film it follows ("a sequel to
    // the 1985 film Cocoon") and that film's own synopsis opens with it; eval:related measured the gain.
    if (word.length < 2 || STOP_WORDS.has(word) || (/^\d+$/.test(word) && !/^(?:18|19|20)\d\d$/.test(word))) continue;
    let stem = stems.get(word);
    if (stem === undefined) {
      stem = stemmer(word);
      if (stems.size > 200_000) stems.clear();
      stems.set(word, stem);
    }
    if (STOP_WORDS.has(stem)) continue;
    out.push({ stem, word });
  }
  return out;
}

/** Plain tokens for the "plain TF-IDF" floor: lower-cased words, no stop list, no stemming. */
export function plainTokens(text: string): string[] {
  return words(text);
}

// No "x": "Malcolm X" and "Planet X" are not tenth parts.
const ROMAN: Record<string, number> = { ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9 };

/**
 * A title without its series marks: "The Godfather Part II" → "the godfather", "Rocky IV" → "rocky",
 * "Saw 3D" → "saw", "Halloween II: The Curse…" → "halloween". Two films with the same base title and a number are
 * a series; the same base title without numbers is often a remake.
 */
export function titleBase(title: string): { base: string; number: number | null } {
  // "Jaws 3-D" is the third Jaws and "Saw 3D" a sequel too: the D goes, the number stays.
  let t = words(title.split(/:\s| – | - /)[0] ?? title)
    .join(' ')
    .replace(/\s+3\s?d$/, ' 3');
  let number: number | null = null;
  const m = /^(.*?)\s+(?:part|chapter|episode|vol|volume)?\s*(\d|1[0-2]|ii|iii|iv|v|vi|vii|viii|ix)$/.exec(t);
  if (m?.[1] && m[2]) {
    t = m[1];
    number = ROMAN[m[2]] ?? Number(m[2]);
  }
  return { base: t.replace(/\s+(part|chapter)$/, '').trim(), number };
}
