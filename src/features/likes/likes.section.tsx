import type { Db } from '../../db/database.js';
import type { FilmPageExtension } from '../../kernel/context.js';
import { getLikes } from './likes.service.js';
import { LikeWidget } from './views/LikeWidget.js';

/** The film page's like button. */
export function likesFilmSection(deps: { db: Db }): FilmPageExtension {
  return async (film, request) => ({
    slot: 'after-synopsis',
    node: <LikeWidget slug={film.slug} view={await getLikes(deps.db, film.id, request.visitorId)} />,
  });
}
