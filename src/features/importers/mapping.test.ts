import { describe, expect, it } from 'vitest';
import { directorsFromSynopsis } from './directors.js';
import { CatalogMapping } from './mapping.js';

describe('the shipped category and genre mapping', () => {
  const mapping = CatalogMapping.load();

  it('files films under the language they are in, by name or code', () => {
    expect(mapping.categoriesFor(['Korean'], 'South Korea')).toEqual(['Korean Movies']);
    expect(mapping.categoriesFor(['ko'], null)).toEqual(['Korean Movies']);
    expect(mapping.categoriesFor(['hindi'], 'India')[0]).toBe('Hindi Movies');
  });

  it('consults the country only when no language is given, and never guesses a language for a multilingual one', () => {
    expect(mapping.categoriesFor([], 'United States')).toEqual(['English Movies']);
    // India has many languages: without a stated language the film must not be filed as Hindi.
    expect(mapping.categoriesFor([], 'India')).not.toContain('Hindi Movies');
  });

  it('keeps a film in several languages in each, the first one for the breadcrumb', () => {
    expect(mapping.categoriesFor(['French', 'English'], 'France')).toEqual(['French Movies', 'English Movies']);
  });

  it('merges genre synonyms and keeps an unknown genre under its own name', () => {
    expect(mapping.canonicalGenre('sci-fi')).toBe('Science Fiction');
    expect(mapping.canonicalGenre('  SCI FI ')).toBe('Science Fiction');
    expect(mapping.canonicalGenre('mumblecore')).toBe('Mumblecore');
    expect(mapping.canonicalGenre('   ')).toBeNull();
  });
});

describe('directors named in a synopsis', () => {
  it('takes one or two directors from "directed by …"', () => {
    expect(
      directorsFromSynopsis(
        'Miracle in Cell No. 7 is a 2013 South Korean film directed by Lee Hwan-kyung and starring Ryu Seung-ryong.',
      ),
    ).toEqual(['Lee Hwan-kyung']);
    expect(directorsFromSynopsis('A 1980 comedy directed by Jim Abrahams and David Zucker.')).toEqual([
      'Jim Abrahams',
      'David Zucker',
    ]);
    expect(directorsFromSynopsis('A film directed by Robert Z. Leonard.')).toEqual(['Robert Z. Leonard']);
  });

  it('invents nothing when the text does not name a person', () => {
    expect(directorsFromSynopsis('A 1950 western starring John Wayne.')).toEqual([]);
    expect(directorsFromSynopsis('A short directed by Paramount.')).toEqual([]);
  });
});
