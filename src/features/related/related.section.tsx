import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import type { FilmChangeListener, FilmPageExtension } from '../../kernel/context.js';
import { getRelatedFilms } from './related.service.js';
import type { RelatedJobs } from './related.worker.js';
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

/**
 * After an admin write to a film (form, delete, a held WordPress post published): the write's own transaction put the
 * film on the related queue (triggers on \`films\`, decision 048), and this process's worker starts on it at once, in
 * steps that leave the event loop free (or, with RELATED_WORKER=off, another instance's worker takes it). The admin's answer waits
 * for the lists (tens of milliseconds once the model is read) so the next page shows them, but never more than
 * `waitMs`: behind a large import's rebuild the film simply takes its turn.
 */
export function relatedOnFilmChange(deps: {
  worker: RelatedJobs;
  log: Pick<FastifyBaseLogger, 'debug' | 'error'>;
  waitMs?: number;
}): FilmChangeListener {
  return async (change) => {
    const started = performance.now();
    const drained = deps.worker.drain().then(
      () => deps.log.debug({ ...change, ms: performance.now() - started }, 'related films updated'),
      (error: unknown) => deps.log.error({ err: error, change }, 'related films could not follow a change'),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, deps.waitMs ?? 2000)))]);
    clearTimeout(timer);
  };
}

/**
 * After a film import from the admin: each film it wrote went on the related queue in the transaction that wrote it
 * (decision 048), and the import job says done once the worker has followed them (in steps; a large import is one
 * rebuild).
 */
export function relatedAfterImport(deps: {
  worker: RelatedJobs;
  log: Pick<FastifyBaseLogger, 'debug' | 'error'>;
}): (imported: { since: string }) => Promise<void> {
  return async ({ since }) => {
    try {
      const started = performance.now();
      await deps.worker.drain();
      deps.log.debug({ since, ms: performance.now() - started }, 'related films follow an import');
    } catch (error) {
      // The import stands; its films stay queued, and the next pass of any worker gives them their lists.
      deps.log.error({ err: error, since }, 'related films could not follow an import');
    }
  };
}
