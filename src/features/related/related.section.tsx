import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import type { FilmChangeListener, FilmPageExtension } from '../../kernel/context.js';
import { getRelatedFilms } from './related.service.js';
import type { RelatedUpdater } from './related.updater.js';
import { RelatedSection } from './views/RelatedSection.js';

/** The "Check Also" film and six more: what the film page shows. */
const ON_PAGE = 7;

/** The film page's "Check Also" box and "More like this" cards. */
export function relatedFilmSection(deps: { db: Db }): FilmPageExtension {
  return async (film) => ({
    slot: 'after-synopsis',
    node: <RelatedSection films={await getRelatedFilms(deps.db, film.id, ON_PAGE)} />,
  });
}

/** After an admin write to a film: its list and the lists it enters or leaves follow, in this process's model. */
export function relatedOnFilmChange(deps: {
  updater: RelatedUpdater;
  log: Pick<FastifyBaseLogger, 'debug'>;
}): FilmChangeListener {
  return async (change) => {
    const { ms, listsWritten } = await deps.updater.apply(change);
    deps.log.debug({ filmId: change.filmId, kind: change.kind, ms, listsWritten }, 'related films updated');
  };
}

/**
 * After a film import from the admin: what it wrote since it started (and any film without a list) gets lists, and
 * enters its neighbours' lists. The import runner calls it once the job is done.
 */
export function relatedAfterImport(deps: {
  updater: RelatedUpdater;
  log: Pick<FastifyBaseLogger, 'debug' | 'error'>;
}): (imported: { since: string }) => Promise<void> {
  return async ({ since }) => {
    try {
      const { ms, films, rebuilt } = await deps.updater.followImport(since);
      deps.log.debug({ since, ms, films, rebuilt }, 'related films follow an import');
    } catch (error) {
      // The import stands; the films get their lists at the next start-up or `related --rebuild`.
      deps.log.error({ err: error, since }, 'related films could not follow an import');
    }
  };
}
