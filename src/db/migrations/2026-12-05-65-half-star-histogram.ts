import { type Kysely, sql } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Issue 14: the histogram had five whole-star bars, so a vote of 4.5 showed as 5★. hist_1..hist_5 keep their meaning
// (bar N counts N - 0.5 and N stars); half_N counts the N - 0.5 votes among them, so the ten half-star buckets are
// half_N and hist_N - half_N. Backfilled from the counted votes; ratings imported as a bare count and sum (another
// site's aggregate) were never in any bar and stay out of these too.

const HALVES = [1, 2, 3, 4, 5] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  for (const n of HALVES) {
    await db.schema
      .alterTable('film_rating_stats')
      .addColumn(`half_${n}`, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  for (const n of HALVES) {
    // A vote of N - 0.5 stars is stored as the score 2N - 1.
    await sql`update film_rating_stats set ${sql.ref(`half_${n}`)} = (
      select count(*) from film_votes v
      where v.film_id = film_rating_stats.film_id and v.counted = 1 and v.score = ${2 * n - 1}
    )`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const n of HALVES) await db.schema.alterTable('film_rating_stats').dropColumn(`half_${n}`).execute();
}
