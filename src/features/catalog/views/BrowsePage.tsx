import type { TermWithCount } from '../film.js';

const films = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'film' : 'films'}`;

/** Terms as links with their film counts (the same class as the home page's lists, so they look alike). */
function Terms(props: { base: string; terms: TermWithCount[]; label: string }) {
  if (props.terms.length === 0) return <p class="muted">None yet.</p>;
  return (
    <ul class="term-list" aria-label={props.label}>
      {props.terms.map((t) => (
        <li key={t.slug}>
          <a href={`${props.base}/${t.slug}`}>
            {t.name}{' '}
            <span class="term-list__count">
              {t.count.toLocaleString('en-US')}
              <span class="visually-hidden"> {t.count === 1 ? 'film' : 'films'}</span>
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export interface BrowseLists {
  categories: TermWithCount[];
  genres: TermWithCount[];
  decades: TermWithCount[];
  countries: TermWithCount[];
}

/** Every way into the catalog on one page: where the header's overflow and "Browse" link lead. */
export function BrowsePage(props: { lists: BrowseLists }) {
  const { categories, genres, decades, countries } = props.lists;
  const sections = [
    { id: 'categories', title: 'Categories', base: '/category', terms: categories },
    { id: 'genres', title: 'Genres', base: '/genre', terms: genres },
    { id: 'decades', title: 'Decades', base: '/decade', terms: decades },
    { id: 'countries', title: 'Countries', base: '/country', terms: countries },
  ];
  return (
    <section class="browse">
      <h1>Browse the catalog</h1>
      <nav aria-label="Browse sections">
        <ul class="browse__jump">
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {sections.map((s) => (
        <section key={s.id} id={s.id} aria-labelledby={`${s.id}-title`}>
          <h2 id={`${s.id}-title`}>{s.title}</h2>
          <Terms base={s.base} terms={s.terms} label={`All ${s.title.toLowerCase()}`} />
        </section>
      ))}
    </section>
  );
}

/** The index of categories: each with its count, largest first after the admin's order. */
export function CategoriesPage(props: { categories: TermWithCount[] }) {
  const total = props.categories.reduce((sum, c) => sum + c.count, 0);
  return (
    <section>
      <h1>Categories</h1>
      <p class="muted">
        {props.categories.length} {props.categories.length === 1 ? 'category' : 'categories'}, {films(total)} filed. See
        also <a href="/genres">genres</a> and <a href="/browse">everything to browse</a>.
      </p>
      <Terms base="/category" terms={props.categories} label="All categories" />
    </section>
  );
}
