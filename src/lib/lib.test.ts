import { describe, expect, it } from 'vitest';
import { excerpt, paragraphs } from './excerpt.js';
import { pagerItems, paginate } from './pagination.js';
import { filmSlugCandidates, slugify } from './slug.js';

describe('slugify', () => {
  it('folds accents, drops apostrophes and joins words with hyphens', () => {
    expect(slugify('Les Misérables')).toBe('les-miserables');
    expect(slugify("Schindler's List")).toBe('schindlers-list');
    expect(slugify('Miracle in Cell No. 7')).toBe('miracle-in-cell-no-7');
    expect(slugify('Fast & Furious')).toBe('fast-and-furious');
    expect(slugify('  --Ünïcödé!!  ')).toBe('unicode');
  });

  it('transliterates Latin letters and keeps other scripts readable, in ten scripts', () => {
    const cases: Array<[string, string]> = [
      ['Smørrebrød', 'smorrebrod'],
      ['Ærø', 'aero'],
      ['Straße nach Łódź', 'strasse-nach-lodz'],
      ['Брат 2', 'брат-2'],
      ['Война и мир', 'война-и-мир'],
      ['Ζορμπάς', 'ζορμπάς'],
      ['千と千尋の神隠し', '千と千尋の神隠し'],
      ['7번방의 선물', '7번방의-선물'],
      ['ஜெய் பீம்', 'ஜெய்-பீம்'],
      ['मदर इंडिया', 'मदर-इंडिया'],
      ['الرسالة', 'الرسالة'],
      ['אבא גנוב', 'אבא-גנוב'],
      ['ฟ้าทะลายโจร', 'ฟ้าทะลายโจร'],
    ];
    for (const [title, slug] of cases) expect(slugify(title), title).toBe(slug);
  });

  it('keeps a non-Latin slug short enough to travel percent-encoded', () => {
    const slug = slugify('千と千尋の神隠し'.repeat(8));
    expect(slug.length).toBeGreaterThan(0);
    expect(encodeURIComponent(slug).length).toBeLessThanOrEqual(180);
  });

  it('cuts long titles at a hyphen, never past 80 characters', () => {
    const slug = slugify(
      'The Incredibly Strange Creatures Who Stopped Living and Became Mixed-Up Zombies Again and Again',
    );
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
    expect(
      'the-incredibly-strange-creatures-who-stopped-living-and-became-mixed-up-zombies-again'.startsWith(slug),
    ).toBe(true);
  });

  it('offers title, then title-year, then numbered variants when titles collide', () => {
    const candidates = filmSlugCandidates('Miracle in Cell No. 7', 2013);
    expect([0, 1, 2, 3].map(() => candidates.next().value)).toEqual([
      'miracle-in-cell-no-7',
      'miracle-in-cell-no-7-2013',
      'miracle-in-cell-no-7-2013-2',
      'miracle-in-cell-no-7-2013-3',
    ]);
  });

  it('gives a title with no letters or digits a usable slug', () => {
    expect(filmSlugCandidates('???', null).next().value).toBe('film');
  });
});

describe('excerpt', () => {
  it('keeps short text whole, with whitespace collapsed', () => {
    expect(excerpt('A  short\nsynopsis.', 160)).toBe('A short synopsis.');
  });

  it('cuts at a word boundary and ends with an ellipsis within the limit', () => {
    const text =
      'A mentally ill father is wrongly imprisoned for murder, and his fellow inmates help his young daughter visit him in prison before the trial.';
    const cut = excerpt(text, 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(cut.endsWith('…')).toBe(true);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    expect(cut).not.toMatch(/[ ,]…$/);
  });

  it('splits stored text into paragraphs on blank lines only', () => {
    expect(paragraphs('First line\nstill first.\n\n  Second.  \n\n\n')).toEqual([
      'First line\nstill first.',
      'Second.',
    ]);
  });
});

describe('pagination', () => {
  it('clamps the requested page into range', () => {
    expect(paginate(3, 24, 100)).toMatchObject({ number: 3, pageCount: 5, offset: 48 });
    expect(paginate(9, 24, 100).number).toBe(5);
    expect(paginate(0, 24, 100).number).toBe(1);
    expect(paginate(1, 24, 0)).toMatchObject({ number: 1, pageCount: 1, offset: 0 });
  });

  it('shows first, last and a window around the current page with gaps', () => {
    expect(pagerItems(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20]);
    expect(pagerItems(1, 3)).toEqual([1, 2, 3]);
  });
});
