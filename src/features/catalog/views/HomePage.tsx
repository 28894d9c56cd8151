import type { VNode } from 'preact';
import { FilmGrid, PosterImage } from '../../../views/FilmCard.js';
import type { FilmSummary, HomeData, TermWithCount } from '../film.js';

/** "1 category", "3,491 films". */
function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function TermList(props: { base: string; terms: TermWithCount[]; label: string }) {
  return (
    <ul class="term-list" aria-label={props.label}>
      {props.terms.map((t) => (
        <li key={t.slug}>
          <a href={`${props.base}/${t.slug}`}>
            {t.name} <span class="term-list__count">{t.count.toLocaleString('en-US')}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function Featured(props: { film: FilmSummary }) {
  const { film } = props;
  return (
    <section class="featured" aria-labelledby="featured-heading">
      <PosterImage posterKey={film.posterKey} title={film.title} year={film.year} genre={film.genre} size="large" />
      <div class="featured__text">
        <p class="eyebrow">Featured</p>
        <h2 id="featured-heading" class="featured__title">
          <a href={`/film/${film.slug}`}>{film.title}</a>
        </h2>
        <p class="featured__meta">{[film.year, film.genre].filter(Boolean).join(' · ')}</p>
        {film.logline && <p class="featured__logline">{film.logline}</p>}
      </div>
    </section>
  );
}

function Shelf(props: { id: string; title: string; films: FilmSummary[]; more?: { href: string; label: string } }) {
  if (props.films.length === 0) return null;
  const headingId = `${props.id}-heading`;
  return (
    <section class="shelf" aria-labelledby={headingId}>
      <div class="shelf__head">
        <h2 id={headingId}>{props.title}</h2>
        {props.more && (
          <a class="shelf__more" href={props.more.href}>
            {props.more.label}
            <span class="visually-hidden"> {props.title}</span>
          </a>
        )}
      </div>
      <FilmGrid films={props.films} />
    </section>
  );
}

export function HomePage(props: { home: HomeData; siteTitle: string; tagline: string; extra?: VNode[] }) {
  const { home } = props;
  return (
    <>
      <div class="home-top">
        <section class="intro">
          <h1 class="intro__title">
            <span class="visually-hidden">{props.siteTitle}: </span>
            {props.tagline}
          </h1>
          <p class="intro__stats">
            {counted(home.filmCount, 'film')} ·{' '}
            <a href="/categories">{counted(home.categories.length, 'category', 'categories')}</a> ·{' '}
            <a href="/genres">{counted(home.genres.length, 'genre')}</a>
          </p>
        </section>

        {home.featured && <Featured film={home.featured} />}
      </div>
      <Shelf id="discussed" title="Most discussed this week" films={home.mostDiscussed} />
      <Shelf
        id="rated"
        title="Highest rated this month"
        films={home.highestRated}
        more={{ href: '/top-rated', label: 'Top rated of all time →' }}
      />
      <Shelf id="newest" title="Newest films" films={home.newest} />
      {props.extra}
      {home.shelves.map((shelf) => (
        <Shelf
          key={`${shelf.kind}-${shelf.term.slug}`}
          id={`${shelf.kind}-${shelf.term.slug}`}
          title={shelf.term.name}
          films={shelf.films}
          more={{
            href: `/${shelf.kind}/${shelf.term.slug}`,
            label: `All ${shelf.term.count.toLocaleString('en-US')} →`,
          }}
        />
      ))}

      <div class="browse">
        <section aria-labelledby="categories-heading">
          <h2 id="categories-heading">Categories</h2>
          <TermList base="/category" terms={home.categories} label="All categories" />
        </section>
        <section aria-labelledby="genres-heading">
          <h2 id="genres-heading">Genres</h2>
          <TermList base="/genre" terms={home.genres} label="All genres" />
        </section>
      </div>
    </>
  );
}

export function GenresPage(props: { genres: TermWithCount[]; categories: TermWithCount[] }) {
  return (
    <section>
      <h1>Browse by genre</h1>
      <TermList base="/genre" terms={props.genres} label="All genres" />
      <h2>Categories</h2>
      <TermList base="/category" terms={props.categories} label="All categories" />
    </section>
  );
}
