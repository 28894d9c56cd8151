import { describe, expect, it } from 'vitest';
import {
  compactKey,
  fold,
  isOneSlipAway,
  nearSpellings,
  oneSlipProbes,
  parseQuery,
  similarity,
  wordSimilarity,
} from './query.js';
import { makeSnippet, snippetHtml } from './snippet.js';

describe('parseQuery', () => {
  it('folds accents and case, drops punctuation and articles, and matches the last word as a prefix', () => {
    expect(fold('Les Misérables ÆSTHETIK straße')).toBe('les miserables aesthetik strasse');
    expect(parseQuery('  The Shawsh!  ')).toEqual({
      terms: [{ forms: ['shawsh'], prefix: true }],
      words: ['the', 'shawsh'],
      onlyCommonWords: false,
    });
    expect(parseQuery('Mission: Impossible – Ghost').terms.map((t) => t.forms[0])).toEqual([
      'mission',
      'impossible',
      'ghost',
    ]);
  });

  it('keeps Hangul syllables, kana voicing marks and Devanagari vowel signs as the databases index them', () => {
    // NFKD alone would split 선 into ㅅ+ㅓ+ㄴ jamo and ゴ into コ+゛, which no index holds.
    expect(fold('7번방의 선물')).toBe('7번방의 선물');
    expect(fold('ゴジラ')).toBe('ゴジラ');
    expect(parseQuery('3 इडियट्स').terms.map((t) => t.forms[0])).toEqual(['3', 'इडियट्स']);
    expect(fold('Ἀθῆναι Tiếng Việt')).toBe('αθηναι tieng viet');
  });

  it('reads numbers as digits, Roman numerals and words alike', () => {
    expect(parseQuery('godfather part 2').terms[2]).toEqual({ forms: ['2', 'ii', 'two'], prefix: false });
    expect(parseQuery('rocky iv').terms[1]?.forms).toEqual(['iv', '4', 'four']);
  });

  it('does not search for common words alone, nor for nothing', () => {
    expect(parseQuery('the').onlyCommonWords).toBe(true);
    expect(parseQuery('the').terms).toEqual([]);
    expect(parseQuery('?!').onlyCommonWords).toBe(false);
    expect(parseQuery('?!').terms).toEqual([]);
  });

  it('computes trigram similarity the way pg_trgm does', () => {
    expect(similarity('word', 'word')).toBe(1);
    // pg_trgm: similarity('word', 'two words') = 0.363636
    expect(similarity('word', 'two words')).toBeCloseTo(0.3636, 3);
    expect(similarity('shawshank redemtion', 'The Shawshank Redemption')).toBeGreaterThan(0.5);
  });
});

describe('snippets', () => {
  it('marks matching words and escapes everything else', () => {
    const parts = makeSnippet(
      'Tom & <b>Jerry</b> chase the mouse, Misérables-style.',
      parseQuery('miserables jerr').terms,
    );
    expect(snippetHtml(parts)).toBe(
      'Tom &amp; &lt;b&gt;<mark>Jerry</mark>&lt;/b&gt; chase the mouse, <mark>Misérables</mark>-style.',
    );
  });

  it('starts near the first match in a long synopsis, at a word boundary', () => {
    const text = `${'Long opening words here. '.repeat(20)}Then the heist begins at dawn.`;
    const html = snippetHtml(makeSnippet(text, parseQuery('heist').terms, 120));
    expect(html.startsWith('…')).toBe(true);
    expect(html).toContain('<mark>heist</mark>');
    // Cut between words, not inside one.
    expect(html).toMatch(/^…(Long|opening|words|here\.) /);
  });
});

describe('wordSimilarity', () => {
  it('finds the query among the words of a longer text', () => {
    expect(wordSimilarity('shawshenk', 'The Shawshank Redemption')).toBeGreaterThanOrEqual(0.6);
    expect(wordSimilarity('casablanca', 'A Night in Casablanca')).toBe(1);
    expect(wordSimilarity('heat', 'The Shawshank Redemption')).toBeLessThan(0.3);
  });
});

describe('near spellings and compact keys (decision 038)', () => {
  it('undoes two swapped letters and one letter too many, nothing else', () => {
    expect(nearSpellings('godfahter')).toContain('godfather');
    expect(nearSpellings('willlard')).toContain('willard');
    expect(nearSpellings('teh')).toContain('the');
    // A letter left out or mistyped is the trigram fallback's: "heathrs" does not become "heathers" here.
    expect(nearSpellings('heathrs')).not.toContain('heathers');
    expect(nearSpellings('abcd')).toHaveLength(3 + 4);
  });

  it('joins the words without a leading article, and gives nothing for one word', () => {
    expect(compactKey(['the', 'bells', 'of', 'st', 'marys'])).toBe('bellsofstmarys');
    expect(compactKey(['new', 'years', 'eve'])).toBe('newyearseve');
    expect(compactKey(['the', 'witch'])).toBeUndefined();
    expect(compactKey(['spiderman'])).toBeUndefined();
  });
});

describe('one slip of the fingers (decision 050)', () => {
  it('knows a word with one letter changed or put in, not two, and not a swap', () => {
    expect(isOneSlipAway('heathrs', 'heathers')).toBe(true);
    expect(isOneSlipAway('wors', 'wars')).toBe(true);
    expect(isOneSlipAway('teas', 'texas')).toBe(true);
    expect(isOneSlipAway('wors', 'words')).toBe(true);
    expect(isOneSlipAway('wors', 'wors')).toBe(false);
    expect(isOneSlipAway('wors', 'swords')).toBe(false);
    expect(isOneSlipAway('godfahter', 'godfather')).toBe(false);
  });

  it('looks the pieces around the slip up, with the next or previous word when the word is short', () => {
    const probes = oneSlipProbes(['heathrs'], 0);
    expect(probes).toContainEqual({ left: 'heath', right: 'rs' });
    expect(probes.every((p) => p.left.length >= 3 || p.right.length >= 3)).toBe(true);
    const short = oneSlipProbes(['star', 'wors', 'clone'], 1);
    expect(short).toContainEqual({ left: 'star w', right: 'rs' });
    expect(short).toContainEqual({ left: 'w', right: 'rs clone' });
    // "wo" + a letter + "s": nothing of three letters to look up without a neighbour.
    expect(oneSlipProbes(['wors'], 0)).not.toContainEqual({ left: 'wo', right: 's' });
  });
});
