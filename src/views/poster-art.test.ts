import { describe, expect, it } from 'vitest';
import { eraOf, personInitials, posterArt, posterInitial } from './poster-art.js';

describe('generated posters', () => {
  it('are the same for the same film, on every render', () => {
    const film = { title: 'Big Jack', year: 1949, genre: 'Western' };
    expect(posterArt(film)).toEqual(posterArt({ ...film }));
  });

  it('differ between films: across the demo-like titles, layouts, palettes, faces and motifs all vary', () => {
    const titles = [
      'Wonka',
      'Wildflower',
      'Unseen',
      'They Listen',
      'Hard Rain',
      'Good Deeds',
      'French Exit',
      'Big Jack',
    ];
    const genres = ['Fantasy', 'Drama', 'Horror', 'Horror', 'Action', 'Romance', 'Comedy', 'Western'];
    const arts = titles.map((title, i) => posterArt({ title, year: 1990 + i * 4, genre: genres[i] }).classes);
    expect(new Set(arts).size).toBe(titles.length);
    for (const prefix of ['poster--', 'pp-', 'pf-', 'pm-']) {
      const kinds = new Set(arts.map((a) => a.split(' ').find((c) => c.startsWith(prefix))));
      expect(kinds.size, prefix).toBeGreaterThan(1);
    }
  });

  it('take their look from the genre and the decade', () => {
    const noir = posterArt({ title: 'The Night', year: 1947, genre: 'Noir' }).classes;
    expect(noir).toMatch(/\bpf-(mono|condensed)\b/);
    expect(noir).toContain('pe-classic');
    expect(posterArt({ title: 'The Night', year: 1921, genre: 'Noir' }).classes).toContain('pe-silent');
    expect(eraOf(1985)).toBe('neon');
    expect(eraOf(null)).toBe('now');
  });

  it('print an initial, never the title', () => {
    const art = posterArt({ title: 'The Enchanted Drawing', year: 1900, genre: 'Short' });
    expect(art.initial).toBe('E');
    expect(art.label).toBe('Short');
    expect(posterInitial('¡Three Amigos!')).toBe('T');
    expect(posterInitial('2001: A Space Odyssey')).toBe('2');
    expect(posterInitial('7번방의 선물')).toBe('7');
    expect(personInitials('Agnès Varda')).toBe('AV');
    expect(personInitials('Madonna')).toBe('M');
  });
});
