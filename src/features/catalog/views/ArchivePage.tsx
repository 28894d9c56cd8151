import { FilmGrid } from '../../../views/FilmCard.js';
import { Pagination } from '../../../views/Pagination.js';
import { personInitials, portraitClasses } from '../../../views/poster-art.js';
import { type Archive, type ArchiveKind, archiveHref, NUMBERED_PAGES } from '../archive.js';
import { FILM_SORT_LABELS, FILM_SORTS } from '../film.js';
import { Breadcrumb } from './Breadcrumb.js';

const KIND_LABEL: Record<ArchiveKind, string> = {
  category: 'Category',
  genre: 'Genre',
  person: 'Films with',
  decade: 'Decade',
  country: 'Country',
};

export function ArchivePage(props: { kind: ArchiveKind; archive: Archive; publicUrl: string }) {
  const { kind, archive } = props;
  const { term, page, sort } = archive;
  const first = (page?.offset ?? 0) + 1;
  const last = (page?.offset ?? 0) + archive.films.length;
  const href = (at: Parameters<typeof archiveHref>[2]) => archiveHref(kind, term.slug, at, sort);
  const crumbs = [
    { name: 'Home', href: '/' },
    ...(kind === 'genre' ? [{ name: 'Genres', href: '/genres' }] : []),
    ...(kind === 'decade' || kind === 'country' ? [{ name: 'Browse', href: '/browse' }] : []),
    { name: term.name },
  ];
  return (
    <section class="archive">
      <Breadcrumb crumbs={crumbs} publicUrl={props.publicUrl} />
      <header class={`archive__header${kind === 'person' ? ' archive__header--person' : ''}`}>
        {kind === 'person' && (
          <span class={`portrait ${portraitClasses(term.name)}`} aria-hidden="true">
            {personInitials(term.name)}
          </span>
        )}
        <p class="eyebrow">{KIND_LABEL[kind]}</p>
        <h1>{term.name}</h1>
        <p class="archive__count">
          {archive.total === 1 ? '1 film' : `${archive.total.toLocaleString('en-US')} films`}
          {page && archive.pageCount > 1 && ` · showing ${first}–${last}, page ${page.number} of ${archive.pageCount}`}
        </p>
      </header>
      <form class="sort-form" method="get" action={`/${kind}/${term.slug}`}>
        <label for="sort">Sort by</label>
        <select id="sort" name="sort">
          {FILM_SORTS.map((s) => (
            <option key={s} value={s} selected={s === sort}>
              {FILM_SORT_LABELS[s]}
            </option>
          ))}
        </select>
        <button type="submit" class="button button--small">
          Apply
        </button>
      </form>
      {archive.films.length > 0 ? (
        <FilmGrid films={archive.films} headingLevel={2} />
      ) : (
        <p class="muted">No films here yet.</p>
      )}
      <Pagination
        current={page?.number ?? null}
        pageCount={archive.pageCount}
        hrefFor={(n) => href(n)}
        linked={(n) => n <= NUMBERED_PAGES || n === archive.pageCount}
        previousHref={archive.previous ? href(archive.previous) : null}
        nextHref={archive.next ? href(archive.next) : null}
      />
    </section>
  );
}
