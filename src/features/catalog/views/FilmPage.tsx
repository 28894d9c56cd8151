import type { FilmPageSection } from '../../../kernel/context.js';
import { paragraphs } from '../../../lib/excerpt.js';
import { PosterImage } from '../../../views/FilmCard.js';
import type { FilmDetails, TermRef } from '../film.js';
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
  return (
    <article class="film">
      <Breadcrumb crumbs={crumbs} publicUrl={props.publicUrl} />
      {props.flash && (
        <p class="flash" role="status">
          {props.flash}
        </p>
      )}
      <div class="film__layout">
        <PosterImage posterKey={film.posterKey} title={film.title} year={film.year} size="large" />
        <div class="film__main">
          <h1 class="film__title">
            {film.title}
            {film.year && <span class="film__year"> ({film.year})</span>}
          </h1>
          {film.originalTitle && <p class="film__original-title">Original title: {film.originalTitle}</p>}
          <dl class="film__facts">
            {film.year && (
              <>
                <dt>Year</dt>
                <dd>{film.year}</dd>
              </>
            )}
            {film.directors.length > 0 && (
              <>
                <dt>{film.directors.length > 1 ? 'Directors' : 'Director'}</dt>
                <dd>
                  <TermLinks base="/person" terms={film.directors} />
                </dd>
              </>
            )}
            {film.cast.length > 0 && (
              <>
                <dt>Cast</dt>
                <dd>
                  <TermLinks base="/person" terms={film.cast} />
                </dd>
              </>
            )}
            {film.genres.length > 0 && (
              <>
                <dt>{film.genres.length > 1 ? 'Genres' : 'Genre'}</dt>
                <dd>
                  <TermLinks base="/genre" terms={film.genres} />
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
          </dl>
          {inSlot('summary')}
          <section class="film__synopsis" aria-labelledby="synopsis-heading">
            <h2 id="synopsis-heading">Synopsis</h2>
            {synopsis.length > 0 ? (
              synopsis.map((p) => <p key={p.slice(0, 40)}>{p}</p>)
            ) : (
              <p class="muted">No synopsis yet.</p>
            )}
            {film.sourceUrl && (
              <p class="film__source">
                Source:{' '}
                <a href={film.sourceUrl} rel="noopener">
                  “{film.title}” on Wikipedia
                </a>
                , text under{' '}
                <a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license noopener">
                  CC BY-SA 4.0
                </a>
                .
              </p>
            )}
          </section>
          {inSlot('after-synopsis')}
        </div>
      </div>
    </article>
  );
}
