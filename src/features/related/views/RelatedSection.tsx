import { excerpt } from '../../../lib/excerpt.js';
import { PosterImage } from '../../../views/FilmCard.js';

export interface RelatedCard {
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  posterKey?: string | null;
  genre?: string | null;
  reasons: string[];
}

/** The seed page's "Check Also" box: the best related film with a synopsis excerpt of at most 160 characters. */
function CheckAlso(props: { film: RelatedCard }) {
  const { film } = props;
  return (
    <aside class="check-also" aria-labelledby="check-also-heading">
      <h2 id="check-also-heading" class="check-also__heading">
        Check Also
      </h2>
      <div class="check-also__body">
        <PosterImage posterKey={film.posterKey} title={film.title} year={film.year} genre={film.genre} size="thumb" />
        <div>
          <h3 class="check-also__title">
            <a href={`/film/${film.slug}`}>{film.title}</a>
            {film.year && <span class="check-also__year"> ({film.year})</span>}
          </h3>
          {film.synopsis && <p class="check-also__excerpt">{excerpt(film.synopsis, 160)}</p>}
          {film.reasons[0] && <p class="related__reason">{film.reasons[0]}</p>}
        </div>
      </div>
    </aside>
  );
}

/** "More like this": the next films as cards, each saying in a few words why it is here. */
function MoreLikeThis(props: { films: RelatedCard[] }) {
  return (
    <section class="more-like-this" aria-labelledby="more-like-this-heading">
      <h2 id="more-like-this-heading">More like this</h2>
      <ul class="film-grid">
        {props.films.map((f) => (
          <li key={f.slug}>
            <article class="film-card">
              <PosterImage posterKey={f.posterKey} title={f.title} year={f.year} genre={f.genre} />
              <div class="film-card__body">
                <h3 class="film-card__title">
                  <a href={`/film/${f.slug}`}>{f.title}</a>
                </h3>
                {(f.year || f.genre) && (
                  <p class="film-card__meta">
                    {f.year && <span class="film-card__year">{f.year}</span>}
                    {f.year && f.genre && ' · '}
                    {f.genre}
                  </p>
                )}
                {f.reasons[0] && <p class="related__reason">{f.reasons[0]}</p>}
              </div>
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function RelatedSection(props: { films: RelatedCard[] }) {
  const [first, ...rest] = props.films;
  if (!first) return null;
  return (
    <div class="related">
      <CheckAlso film={first} />
      {rest.length > 0 && <MoreLikeThis films={rest} />}
    </div>
  );
}
