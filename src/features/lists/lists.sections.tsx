import type { DbOrTx } from '../../db/database.js';
import type { FilmPageExtension, HomePageSection, SearchResultGroup } from '../../kernel/context.js';
import { countPublicListsOfFilm, readSiteShelves, searchLists } from './lists.read.js';
import { FilmListsLine, ListSearchResults, SiteListShelves } from './views/ListIndexes.js';

/**
 * The film page's "In 7 lists · Add to list": the same for every visitor, so the page stays one cached page. The
 * count moves with the film's own key (lists.service.ts touches `film:<id>` when a public list gains or loses it).
 */
export function listsFilmSection(deps: { db: DbOrTx }): FilmPageExtension {
  return async (film) => ({
    slot: 'after-synopsis',
    node: <FilmListsLine slug={film.slug} count={await countPublicListsOfFilm(deps.db, film.id)} />,
  });
}

/** The site's public lists as home page shelves: at most four lists of six films, retired by `site-lists`. */
export function listsHomeSection(deps: { db: DbOrTx }): HomePageSection {
  return async () => ({ node: <SiteListShelves shelves={await readSiteShelves(deps.db)} />, keys: ['site-lists'] });
}

/** Public lists whose title matches, beside the film results: one query on the title words' key. */
export function listsSearchGroup(deps: { db: DbOrTx }): SearchResultGroup {
  return async (q) => {
    const lists = await searchLists(deps.db, q);
    return lists.length ? <ListSearchResults lists={lists} /> : null;
  };
}
