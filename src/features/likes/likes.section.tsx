import type { Db } from '../../db/database.js';
import type { FilmPageExtension } from '../../kernel/context.js';
import { getLikes } from './likes.service.js';
import { LikeWidget } from './views/LikeWidget.js';

/** The film page's like button; the same for everyone, with the visitor's own like filled in as the page goes out. */
export function likesFilmSection(deps: { db: Db }): FilmPageExtension {
  return async (film) => ({
    // Beside the rating: both are quick reactions to the film (FilmPage's reactions row).
    slot: 'summary',
    node: <LikeWidget slug={film.slug} filmId={film.id} view={await getLikes(deps.db, film.id, null)} />,
  });
}
