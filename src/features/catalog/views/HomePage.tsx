import type { VNode } from 'preact';
import { FilmGrid } from '../../../views/FilmCard.js';
import type { HomeData, TermWithCount } from '../film.js';

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

export function HomePage(props: { home: HomeData; siteTitle: string; tagline: string; extra?: VNode[] }) {
  const { home } = props;
  return (
    <>
      <section class="hero">
        <h1>{props.siteTitle}</h1>
        <p class="hero__tagline">{props.tagline}</p>
        <p class="hero__stats">
          {counted(home.filmCount, 'film')} · {counted(home.categories.length, 'category', 'categories')} ·{' '}
          {counted(home.genres.length, 'genre')}
        </p>
      </section>

      <section class="shelf" aria-labelledby="newest-heading">
        <div class="shelf__head">
          <h2 id="newest-heading">Newest films</h2>
        </div>
        <FilmGrid films={home.newest} />
      </section>

      {props.extra}

      {home.shelves.map((shelf) => {
        const id = `${shelf.kind}-${shelf.term.slug}-heading`;
        const href = `/${shelf.kind}/${shelf.term.slug}`;
        return (
          <section class="shelf" aria-labelledby={id} key={id}>
            <div class="shelf__head">
              <h2 id={id}>{shelf.term.name}</h2>
              <a class="shelf__more" href={href}>
                All {shelf.term.count.toLocaleString('en-US')}
                <span class="visually-hidden"> {shelf.term.name}</span> →
              </a>
            </div>
            <FilmGrid films={shelf.films} />
          </section>
        );
      })}

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
