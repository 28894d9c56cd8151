import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared-query.js';
import type { Tx } from '../../kernel/unit-of-work.js';
import { adjustStats } from './ratings.repository.js';

/**
 * Set a film's aggregate imported from a previous site (count of votes and their sum in half-stars, 1..10 each). It is
 * added into film_rating_stats, so it counts in the average, the count and Top rated like any vote, and new votes add
 * to it; setting it again applies only the difference, so a re-import changes nothing. The histogram is left alone:
 * the old site gave totals, not how the votes spread, and no spread is made up.
 */
export async function setImportedRating(
  db: Tx,
  filmId: number,
  aggregate: { count: number; sum: number },
): Promise<void> {
  const before = await db
    .selectFrom('film_imported_ratings')
    .select(['vote_count', 'score_sum'])
    .where('film_id', '=', filmId)
    .executeTakeFirst();
  const count = aggregate.count - (before?.vote_count ?? 0);
  const sum = aggregate.sum - (before?.score_sum ?? 0);
  if (count === 0 && sum === 0) return;
  await db
    .insertInto('film_imported_ratings')
    .values({ film_id: filmId, vote_count: aggregate.count, score_sum: aggregate.sum })
    .onConflict((oc) =>
      oc.column('film_id').doUpdateSet({ vote_count: sql`excluded.vote_count`, score_sum: sql`excluded.score_sum` }),
    )
    .execute();
  await adjustStats(db, filmId, { count, sum, scores: [] });
}

// Every film page reads it: prepared once (src/db/prepared-query.ts).
const importedVotesOfFilm = preparedQuery((db: DbOrTx, filmId: number) =>
  db.selectFrom('film_imported_ratings').select('vote_count').where('film_id', '=', filmId),
);

/** How many of a film's votes came from the previous site (0 when none). */
export async function importedVoteCount(db: DbOrTx, filmId: number): Promise<number> {
  const [row] = await importedVotesOfFilm(db, filmId);
  return row?.vote_count ?? 0;
}
