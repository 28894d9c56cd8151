import type { DbOrTx } from '../../../db/database.js';
import type { FilmPageExtension } from '../../../kernel/context.js';
import { importedVoteCount } from '../../ratings/index.js';
import { renderWriteup } from './convert.js';
import { Writeup } from './views/Writeup.js';
import { findWriteup } from './wxr-import.repository.js';

/** The film page's part of the WordPress import: the write-up and the count of votes brought from the old site. */
export function writeupFilmSection(deps: { db: DbOrTx }): FilmPageExtension {
  return async (film) => {
    const [writeup, importedVotes] = await Promise.all([
      findWriteup(deps.db, film.id),
      importedVoteCount(deps.db, film.id),
    ]);
    if (!writeup && importedVotes === 0) return { slot: 'after-synopsis', node: <></> };
    const html = writeup?.markdown ? renderWriteup(writeup.markdown) : null;
    return {
      slot: 'after-synopsis',
      node: <Writeup html={html} byline={writeup?.byline ?? null} importedVotes={importedVotes} />,
    };
  };
}
