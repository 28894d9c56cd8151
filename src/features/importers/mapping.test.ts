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

  // Sentences from the Wikipedia movie data extracts (../shared/data/wikipedia-movie-data-us).
  it.each([
    [
      'Anton the Terrible is a 1916 American drama silent film directed by William C. deMille and written by Marion Fairfax, Jules Eckert Goodman and Charles Sarver.',
      ['William C. deMille'],
    ],
    [
      'Forbidden Fruit is a 1921 American silent drama film directed by Cecil B. DeMille, and starring Agnes Ayres, Forrest Stanley, Clarence Burton, and Kathlyn Williams.',
      ['Cecil B. DeMille'],
    ],
    [
      'Her Awakening is a 1911 American short silent drama film starring Mabel Normand and directed by D. W. Griffith. Normand portrays a vivaciously effervescent young woman ashamed to introduce her poorly dressed mother to her elegant suitor.',
      ['D. W. Griffith'],
    ],
    [
      "The Devil's Pass Key is a 1920 silent drama film directed by Erich von Stroheim. Considered a “lost film”, no print is officially known to exist.",
      ['Erich von Stroheim'],
    ],
    [
      'Merry-Go-Round is a 1923 American feature film directed by Erich von Stroheim (uncredited) and Rupert Julian, starring Norman Kerry and Mary Philbin, and released by Universal Pictures.',
      ['Erich von Stroheim', 'Rupert Julian'],
    ],
    [
      'Open Places is a 1917 American silent Western film directed by W. S. Van Dyke and starring Jack Gardner, Carl Stockdale and Ruth King.',
      ['W. S. Van Dyke'],
    ],
    [
      'No Place to Go is a 1927 American silent romance film directed by Mervyn LeRoy and starring Mary Astor, Lloyd Hughes and Hallam Cooley.',
      ['Mervyn LeRoy'],
    ],
    [
      'Tanganyika is a 1954 American Technicolor action adventure film directed by Andre deToth and starring Van Heflin, Ruth Roman and Howard Duff.',
      ['Andre deToth'],
    ],
    [
      'The Fatal Card is a 1915 American drama silent film directed by James Kirkwood, Sr., adapted from the 1884 London play of the same name.',
      ['James Kirkwood Sr.'],
    ],
    [
      'When a Man Sees Red is a 1917 American silent drama film produced and distributed by the Fox Film Corporation and directed by Frank Lloyd. William Farnum stars in this now lost film.',
      ['Frank Lloyd'],
    ],
    ['It was written and directed by Keaton and Edward F. Cline.', ['Edward F. Cline']],
    [
      'Star Wars: The Force Awakens is a 2015 American epic space opera film produced, co-written, and directed by J.\u00a0J. Abrams. The sequel to Return of the Jedi (1983), it is the seventh film.',
      ['J. J. Abrams'],
    ],
  ])('keeps a whole name and stops where it ends: %s', (sentence, directors) => {
    expect(directorsFromSynopsis(sentence)).toEqual(directors);
  });

  it('invents nothing when the text does not name a person', () => {
    expect(directorsFromSynopsis('A 1950 western starring John Wayne.')).toEqual([]);
    expect(directorsFromSynopsis('A short directed by Paramount.')).toEqual([]);
    // A bare surname, then the next sentence: neither is a director's full name.
    expect(
      directorsFromSynopsis(
        "… starring and co-written by Charles Chaplin and Mabel Normand, and directed by Chaplin. As was so often the case during his first year in film, Chaplin's character is soon staggering.",
      ),
    ).toEqual([]);
    expect(
      directorsFromSynopsis('It was produced by Famous Players and directed by Famous Players-Lasky Corporation.'),
    ).toEqual([]);
  });
});
