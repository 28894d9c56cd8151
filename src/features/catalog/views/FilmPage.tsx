import type { FilmPageSection } from '../../../kernel/context.js';
import { paragraphs } from '../../../lib/excerpt.js';
import { PosterImage } from '../../../views/FilmCard.js';
import { type FilmDetails, leadGenre, type TermRef } from '../film.js';
import { Breadcrumb } from './Breadcrumb.js';

function TermLinks(props: { base: string; terms: TermRef[] }) {
  return (
    <>
      {props.terms.map((t, i) => (
        <span key={t.slug}>
          {i > 0 && ', '}
          <a href={`${props.base}/${t.slug}`}>{t.name}</a>
        </span>
      ))}
    </>
  );
}

/**
 * The line under the title: year · country · language · genres · director. Pieces are separated by CSS (the `·`
 * between list items), so a screen reader hears a list, not "middle dot".
 */
function FactsLine(props: { film: FilmDetails }) {
  const { film } = props;
  return (
    <ul class="film__facts" aria-label="Facts">
      {film.year && <li>{film.year}</li>}
      {film.origin && <li>{film.origin}</li>}
      {film.language && <li>{film.language}</li>}
      {film.genres.length > 0 && (
        <li>
          <TermLinks base="/genre" terms={film.genres} />
        </li>
      )}
      {film.directors.length > 0 && (
        <li>
          Directed by <TermLinks base="/person" terms={film.directors} />
        </li>
      )}
    </ul>
  );
}

/**
 * A film page, in the order a visitor reads it: title, original title, the facts line, the synopsis (within the first
 * screen of a phone), then the reactions (rating and like, side by side), cast and categories, then what the other
 * features add (related films, tags, write-up, comments). On a wide screen the poster column stays in view.
 */
export function FilmPage(props: {
  film: FilmDetails;
  publicUrl: string;
  sections?: FilmPageSection[];
  flash?: string | null;
}) {
  const { film } = props;
  const inSlot = (slot: FilmPageSection['slot']) =>
    (props.sections ?? []).filter((s) => s.slot === slot).map((s) => s.node);
  const crumbs = [
    { name: 'Home', href: '/' },
    ...(film.primaryCategory
      ? [{ name: film.primaryCategory.name, href: `/category/${film.primaryCategory.slug}` }]
      : []),
    { name: film.title },
  ];
  const synopsis = paragraphs(film.synopsis);
  const genre = leadGenre(film.genres.map((g) => g.name));
  return (
    <article class="film">
      <Breadcrumb crumbs={crumbs} publicUrl={props.publicUrl} />
      {props.flash && (
        <p class="flash" role="status">
          {props.flash}
        </p>
      )}
      <div class="film__layout">
        <div class="film__poster">
          <PosterImage posterKey={film.posterKey} title={film.title} year={film.year} genre={genre} size="large" />
        </div>
        <header class="film__header">
          <h1 class="film__title">{film.title}</h1>
          {film.originalTitle && <p class="film__original-title">Original title: {film.originalTitle}</p>}
          <FactsLine film={film} />
        </header>
        <div class="film__main">
          <section class="film__synopsis" aria-labelledby="synopsis-heading">
            <h2 id="synopsis-heading" class="visually-hidden">
              Synopsis
            </h2>
            {synopsis.length > 0 ? (
              synopsis.map((p) => <p key={p.slice(0, 40)}>{p}</p>)
            ) : (
              <p class="muted">No synopsis yet.</p>
            )}
          </section>
          <div class="film__reactions">{inSlot('summary')}</div>
          {(film.cast.length > 0 || film.categories.length > 0 || film.sourceUrl) && (
            <dl class="film__credits">
              {film.cast.length > 0 && (
                <>
                  <dt>Cast</dt>
                  <dd>
                    <TermLinks base="/person" terms={film.cast} />
                  </dd>
                </>
              )}
              {film.categories.length > 0 && (
                <>
                  <dt>{film.categories.length > 1 ? 'Categories' : 'Category'}</dt>
                  <dd>
                    <TermLinks base="/category" terms={film.categories} />
                  </dd>
                </>
              )}
              {film.sourceUrl && (
                <>
                  <dt>Source</dt>
                  <dd class="film__source">
                    <a href={film.sourceUrl} rel="noopener">
                      “{film.title}” on Wikipedia
                    </a>
                    , text under{' '}
                    <a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license noopener">
                      CC BY-SA 4.0
                    </a>
                  </dd>
                </>
              )}
            </dl>
          )}
          {inSlot('after-synopsis')}
        </div>
      </div>
    </article>
  );
}
