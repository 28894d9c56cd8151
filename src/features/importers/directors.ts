// A name word: capitalised ("Lee", "Hwan-kyung", "D.", "O'Brien", "Jr.") or a lower-case particle inside a name.
const NAME_WORD = String.raw`(?:\p{Lu}[\p{L}'’.-]*|(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|y)(?=\s+\p{Lu}))`;
const NAME = String.raw`${NAME_WORD}(?:\s+${NAME_WORD}){0,4}`;
const DIRECTED_BY = new RegExp(String.raw`\bdirected\s+by\s+(${NAME})(?:,?\s+and\s+(${NAME}))?`, 'u');

/** Words that start with a capital but end a name: "directed by John Ford From a story…". */
const NOT_NAME = /^(From|For|In|At|On|With|Based|Starring|Produced|Written|The|A|An|It|This|And)$/;

function cleanName(raw: string | undefined): string | null {
  if (!raw) return null;
  const words = raw.trim().split(/\s+/);
  while (words.length && NOT_NAME.test(words[words.length - 1]!)) words.pop();
  if (words.length === 0 || NOT_NAME.test(words[0]!)) return null;
  // A single word is too often not a person ("directed by Paramount"); real director credits have two or more.
  if (words.length < 2) return null;
  const name = words.join(' ');
  // Keep the full stop of an initial or suffix ("Robert Z.", "Jr."), drop a sentence's.
  return /(?:\b\p{Lu}|Jr|Sr)\.$/u.test(name) ? name : name.replace(/[.,;:]+$/, '');
}

/**
 * Directors named in a synopsis ("… directed by Lee Hwan-kyung and …"). Only what the text says: a synopsis without
 * "directed by" yields no director rather than a guess.
 */
export function directorsFromSynopsis(text: string): string[] {
  const match = DIRECTED_BY.exec(text);
  if (!match) return [];
  return [cleanName(match[1]), cleanName(match[2])].filter((n): n is string => n !== null);
}
