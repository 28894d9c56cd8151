import { type FilmCardProps, FilmGrid } from '../../../views/FilmCard.js';
import { Pagination } from '../../../views/Pagination.js';

export interface ListSummary {
  id: number;
  title: string;
  href: string;
  entryCount: number;
  likeCount: number;
  visibility: 'public' | 'unlisted' | 'private';
  ownerName: string | null;
}

const films = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'film' : 'films'}`;

function ListRows(props: { lists: ListSummary[]; showOwner?: boolean; showVisibility?: boolean }) {
  return (
    <ul class="list-index">
      {props.lists.map((l) => (
        <li key={l.id}>
          <a href={l.href}>{l.title}</a>{' '}
          <span class="list-index__meta">
            {films(l.entryCount)} · {l.likeCount.toLocaleString('en-US')} likes
            {props.showOwner && ` · by ${l.ownerName ?? 'the site'}`}
            {props.showVisibility && l.visibility !== 'public' && ` · ${l.visibility}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** `/u/:handle/lists`: a member's public lists; the owner also sees their unlisted and private ones. */
export function MemberListsPage(props: {
  handle: string;
  name: string;
  lists: ListSummary[];
  own: boolean;
  page: number;
  pageCount: number;
  flash: string | null;
}) {
  return (
    <section class="member-lists">
      <h1>Lists by {props.name}</h1>
      {props.flash && (
        <p class="notice" role="status">
          {props.flash}
        </p>
      )}
      {props.own && (
        <p>
          <a href="/my/lists/new">New list</a>
        </p>
      )}
      {props.lists.length === 0 ? <p>No lists yet.</p> : <ListRows lists={props.lists} showVisibility={props.own} />}
      <Pagination
        current={props.page}
        pageCount={props.pageCount}
        hrefFor={(n) => `/u/${props.handle}/lists${n === 1 ? '' : `?page=${n}`}`}
      />
    </section>
  );
}

/** `/film/:slug/lists`: the public lists a film is on. */
export function FilmListsPage(props: {
  film: { slug: string; title: string };
  lists: ListSummary[];
  page: number;
  pageCount: number;
}) {
  return (
    <section class="film-lists">
      <h1>Lists with {props.film.title}</h1>
      <p>
        <a href={`/film/${props.film.slug}`}>Back to {props.film.title}</a>
      </p>
      {props.lists.length === 0 ? <p>No public list has this film yet.</p> : <ListRows lists={props.lists} showOwner />}
      <Pagination
        current={props.page}
        pageCount={props.pageCount}
        hrefFor={(n) => `/film/${props.film.slug}/lists${n === 1 ? '' : `?page=${n}`}`}
      />
    </section>
  );
}

/** The film page's line: "In 7 lists" and the way to add it to one of yours (the same for every visitor). */
export function FilmListsLine(props: { slug: string; count: number }) {
  return (
    <p class="film-lists-line">
      {props.count > 0 ? (
        <a href={`/film/${props.slug}/lists`}>
          In {props.count.toLocaleString('en-US')} {props.count === 1 ? 'list' : 'lists'}
        </a>
      ) : (
        'In no public list yet'
      )}{' '}
      · <a href={`/film/${props.slug}/add-to-list`}>Add to list</a>
    </p>
  );
}

export interface SiteShelf {
  id: number;
  title: string;
  href: string;
  entryCount: number;
  films: FilmCardProps[];
}

/** The site's public lists as shelves on the home page. */
export function SiteListShelves(props: { shelves: SiteShelf[] }) {
  return (
    <>
      {props.shelves.map((shelf) => (
        <section class="shelf" aria-labelledby={`site-list-${shelf.id}`} key={shelf.id}>
          <div class="shelf__head">
            <h2 id={`site-list-${shelf.id}`}>{shelf.title}</h2>
            <a class="shelf__more" href={shelf.href}>
              All {shelf.entryCount.toLocaleString('en-US')}
              <span class="visually-hidden"> of {shelf.title}</span> →
            </a>
          </div>
          <FilmGrid films={shelf.films} />
        </section>
      ))}
    </>
  );
}

/** The search page's small group of matching public lists. */
export function ListSearchResults(props: { lists: ListSummary[] }) {
  if (props.lists.length === 0) return null;
  return (
    <section class="search-lists" aria-labelledby="search-lists-heading">
      <h2 id="search-lists-heading">Lists</h2>
      <ListRows lists={props.lists} showOwner />
    </section>
  );
}
