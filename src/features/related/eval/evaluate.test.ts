import { describe, expect, it } from 'vitest';
import { type CorpusFilm, DEFAULT_OPTIONS, RelatedModel } from '../model.js';
import { thinSynopses } from './evaluate.js';

const film = (id: number, title: string, year: number, synopsis: string, genres: number[]): CorpusFilm => ({
  id,
  slug: title.toLowerCase().replace(/\W+/g, '-'),
  title,
  year,
  synopsis,
  categories: [],
  genres,
  directors: [],
  cast: [],
});

describe('thin synopses report', () => {
  it('counts short-synopsis films whose first match is there for one story word only', () => {
    const corpus = [
      // Two short synopses that meet on "piano" alone, in other genres and decades: the drift the issue shows.
      film(1, 'Music Box', 1932, 'Movers carry a piano up a steep staircase.', [1]),
      film(2, 'The Lesson', 1978, 'A girl practises piano under a strict teacher.', [2]),
      // A short synopsis that shares several words with its match is not a weak case.
      film(3, 'Jury Room', 1950, 'A jury and a judge weigh a murder trial verdict.', [3]),
      film(
        4,
        'Courthouse',
        1951,
        'At a murder trial the judge warns the jury that the verdict must rest on evidence alone, while a reporter ' +
          'follows the defendant, his lawyer and the witnesses through the courthouse corridors for three days.',
        [3],
      ),
      // No synopsis: not counted (a film without one cannot drift on a word).
      film(5, 'Untold', 1990, '', [4]),
    ];
    const model = new RelatedModel(corpus, DEFAULT_OPTIONS);
    const report = thinSynopses(model, corpus, 200);
    expect(report.films).toBe(3);
    expect(report.oneWord).toBe(2);
    expect(report.examples.map((e) => e.film).sort()).toEqual(['Music Box (1932)', 'The Lesson (1978)']);
    expect(report.examples[0]?.reasons).toEqual(['Similar story: piano']);
  });
});
