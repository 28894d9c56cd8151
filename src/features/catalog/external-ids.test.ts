import { describe, expect, it } from 'vitest';
import { externalIdUrls, parseExternalIds, parseImdbId, parseTmdbId, parseWikidataId } from './external-ids.js';

describe('external film ids', () => {
  it('accepts the ids as the services write them, and their URLs', () => {
    expect(parseImdbId('tt0133093')).toBe('tt0133093');
    expect(parseImdbId(' TT12345678 ')).toBe('tt12345678');
    expect(parseImdbId('https://www.imdb.com/title/tt0133093/')).toBe('tt0133093');
    expect(parseTmdbId('603')).toBe(603);
    expect(parseTmdbId(603)).toBe(603);
    expect(parseWikidataId('q83495')).toBe('Q83495');
    expect(parseWikidataId('https://www.wikidata.org/wiki/Q83495')).toBe('Q83495');
    expect(parseImdbId('')).toBeNull();
  });

  it('refuses malformed ids with a message naming the field and what was expected', () => {
    for (const bad of ['tt123', 'tt123456789', 'nm0000206', '0133093', 'https://evil.example/title/tt0133093/']) {
      expect(parseImdbId(bad), bad).toBeUndefined();
    }
    for (const bad of ['0', '-3', '1.5', '603abc', '99999999999', 0])
      expect(parseTmdbId(bad), String(bad)).toBeUndefined();
    for (const bad of ['Q', 'Q0', 'P31', 'Q12a']) expect(parseWikidataId(bad), bad).toBeUndefined();
    const parsed = parseExternalIds({ imdbId: 'tt12', tmdbId: 'x', wikidataId: 'Q1' });
    expect(parsed.problems).toEqual({
      imdbId: 'IMDb id "tt12" is not valid: tt followed by 7 or 8 digits, e.g. tt0133093',
      tmdbId: 'TMDB id "x" is not valid: a positive whole number, e.g. 603',
    });
  });

  it('links each id to its page on its service', () => {
    expect(externalIdUrls({ imdbId: 'tt0133093', tmdbId: 603, wikidataId: 'Q83495' })).toEqual([
      'https://www.imdb.com/title/tt0133093/',
      'https://www.themoviedb.org/movie/603',
      'https://www.wikidata.org/wiki/Q83495',
    ]);
    expect(externalIdUrls({ imdbId: null })).toEqual([]);
  });
});
