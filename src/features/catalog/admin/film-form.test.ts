import { describe, expect, it } from 'vitest';
import { readFilmForm, validateFilmForm } from './film-form.js';

const form = (overrides: Record<string, string | string[]> = {}) =>
  readFilmForm({ title: 'Heat', year: '1995', synopsis: 'A heist.', categoryIds: ['3', '5'], ...overrides });

describe('the film form', () => {
  it('turns a posted form into an edit: tidy spaces, people one per line, ids as numbers', () => {
    const { edit } = validateFilmForm(
      form({
        title: '  Heat   (film) ',
        directors: 'Michael Mann\r\n\r\n  Michael   Mann ',
        cast: 'Al Pacino\nRobert De Niro',
      }),
      2031,
    );
    expect(edit).toMatchObject({
      title: 'Heat (film)',
      year: 1995,
      categoryIds: [3, 5],
      primaryCategoryId: null,
      directors: ['Michael Mann'],
      cast: ['Al Pacino', 'Robert De Niro'],
      origin: null,
    });
  });

  it('names each wrong field, and accepts an empty year as unknown', () => {
    expect(validateFilmForm(form({ year: '' }), 2031).edit?.year).toBeNull();
    const { problems } = validateFilmForm(
      form({ title: '', year: '1869', cast: Array.from({ length: 51 }, (_, i) => `Actor ${i}`).join('\n') }),
      2031,
    );
    expect(problems).toEqual({
      title: 'Title: give the film a title.',
      year: 'Year: a year from 1870 to 2031, or empty when unknown.',
      cast: 'Cast: at most 50 names.',
    });
    expect(validateFilmForm(form({ year: '2032' }), 2031).problems?.year).toBeDefined();
    expect(validateFilmForm(form({ synopsis: 'x'.repeat(20_001) }), 2031).problems?.synopsis).toContain('20000');
  });

  it('keeps an original title that differs from the title, drops one that repeats it, and limits its length', () => {
    expect(validateFilmForm(form({ originalTitle: '  Le  Fabuleux Destin ' }), 2031).edit?.originalTitle).toBe(
      'Le Fabuleux Destin',
    );
    expect(validateFilmForm(form({ originalTitle: ' heat ' }), 2031).edit?.originalTitle).toBeNull();
    expect(validateFilmForm(form({ originalTitle: '' }), 2031).edit?.originalTitle).toBeNull();
    expect(validateFilmForm(form({ originalTitle: 'x'.repeat(301) }), 2031).problems).toEqual({
      originalTitle: 'Original title: keep it to 300 characters.',
    });
  });

  it('ignores ids that are not numbers rather than trusting them', () => {
    expect(form({ genreIds: ['1', 'drop table', '-2'] }).genreIds).toEqual([1]);
  });
});
