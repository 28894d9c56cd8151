import type { FastifyBaseLogger } from 'fastify';
import type { FilmChangeListener } from '../../../kernel/context.js';
import { filmNotFound } from '../../../kernel/errors.js';
import type { Writer } from '../../../kernel/unit-of-work.js';
import type { Actor } from '../../audit/index.js';
import { discardPreparedPoster, installPoster, type PreparedPoster, removePosterFiles } from '../../posters/index.js';
import { notifyFilmChange } from './film-changes.js';
import { setFilmPosterKey } from './films.repository.js';
import {
  type CountDependents,
  type CreatedFilm,
  createFilm,
  type DeletedFilm,
  deleteFilm,
  type FilmEdit,
  setFilmPoster,
  type UpdatedFilm,
  updateFilm,
} from './films.service.js';

/**
 * The admin's film writes as units of work: each runs in one transaction through the writer, touches the catalog,
 * and after the commit removes poster files no longer pointed at and tells the film-change listeners. Poster files a
 * rolled-back write had installed are removed again.
 */
export interface FilmWriteDeps {
  writer: Writer;
  posterDir: string;
  now: () => Date;
  filmChangeListeners: readonly FilmChangeListener[];
  log: Pick<FastifyBaseLogger, 'error'>;
}

const notify = (deps: FilmWriteDeps, filmId: number, kind: 'created' | 'updated' | 'deleted') => () =>
  notifyFilmChange({ filmChangeListeners: [...deps.filmChangeListeners] }, deps.log, { filmId, kind });

export async function addFilm(
  deps: FilmWriteDeps,
  edit: FilmEdit,
  actor: Actor,
  poster: PreparedPoster | null,
): Promise<CreatedFilm> {
  let installed: string | null = null;
  try {
    return await deps.writer.write(async (uow) => {
      const created = await createFilm(uow.tx, edit, actor, deps.now(), async (filmId) => {
        if (!poster) return;
        installed = await installPoster(deps.posterDir, filmId, poster);
        await setFilmPosterKey(uow.tx, filmId, installed, deps.now().toISOString());
      });
      uow.touched('catalog');
      uow.afterCommit(notify(deps, created.id, 'created'));
      return created;
    });
  } catch (error) {
    // The transaction rolled back: files already moved into place belong to no film.
    await removePosterFiles(deps.posterDir, installed);
    if (poster) await discardPreparedPoster(poster);
    throw error;
  }
}

export interface FilmEditResult {
  updated: UpdatedFilm | undefined;
  posterChanged: boolean;
}

/** Save an edit and, when asked, a new poster or none; `film` is the film as the editor loaded it. */
export async function editFilm(
  deps: FilmWriteDeps,
  film: { id: number; posterKey: string | null },
  edit: FilmEdit,
  actor: Actor,
  poster: { prepared: PreparedPoster | null; remove: boolean },
): Promise<FilmEditResult> {
  const { id } = film;
  let installed: string | null = null;
  try {
    return await deps.writer.write(async (uow) => {
      const now = deps.now();
      const updated = await updateFilm(uow.tx, id, edit, actor, now);
      let oldPoster: string | null = null;
      if (poster.prepared) {
        installed = await installPoster(deps.posterDir, id, poster.prepared);
        oldPoster = (await setFilmPoster(uow.tx, id, installed, actor, now))?.previous ?? null;
      } else if (poster.remove) {
        oldPoster = (await setFilmPoster(uow.tx, id, null, actor, now))?.previous ?? null;
      }
      const posterChanged = poster.prepared !== null || poster.remove;
      if (updated && (updated.changed.length || posterChanged)) {
        uow.touched('catalog');
        uow.afterCommit(notify(deps, id, 'updated'));
      }
      // Only once the new key is committed can the old files go: until then pages still point at them.
      const kept = installed;
      if (oldPoster !== kept) uow.afterCommit(() => removePosterFiles(deps.posterDir, oldPoster));
      return { updated, posterChanged };
    });
  } catch (error) {
    if (installed && installed !== film.posterKey) await removePosterFiles(deps.posterDir, installed);
    if (poster.prepared) await discardPreparedPoster(poster.prepared);
    throw error;
  }
}

/** Delete a film with what depends on it; a 404 when there is none (deleted meanwhile). */
export async function removeFilm(
  deps: FilmWriteDeps,
  id: number,
  actor: Actor,
  countDependents: CountDependents,
): Promise<DeletedFilm> {
  return deps.writer.write(async (uow) => {
    const deleted = await deleteFilm(uow.tx, id, actor, deps.now(), countDependents);
    if (!deleted) throw filmNotFound({ id });
    uow.touched('catalog');
    uow.afterCommit(() => removePosterFiles(deps.posterDir, deleted.posterKey));
    uow.afterCommit(notify(deps, id, 'deleted'));
    return deleted;
  });
}
