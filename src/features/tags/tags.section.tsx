import type { DbOrTx } from '../../db/database.js';
import type { FilmPageExtension } from '../../kernel/context.js';
import { tagsOfFilm } from './tags.service.js';
import { FilmTags } from './views/TagPages.js';

/** The film page's list of tags, each linking to its archive. */
export function tagsFilmSection(deps: { db: DbOrTx }): FilmPageExtension {
  return async (film) => {
    const tags = await tagsOfFilm(deps.db, film.id);
    return { slot: 'after-synopsis', node: <FilmTags tags={tags} /> };
  };
}
