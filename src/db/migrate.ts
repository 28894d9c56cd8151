import { type Migration, sql } from 'kysely';
import type { Db } from './database.js';
import { isPostgres } from './dialect/index.js';
import * as catalog from './migrations/2026-11-25-01-catalog.js';
import * as ratingsLikes from './migrations/2026-11-25-02-ratings-likes.js';
import * as accounts from './migrations/2026-11-25-05-accounts.js';
import * as comments from './migrations/2026-11-25-07-comments.js';
import * as posters from './migrations/2026-11-25-08-posters.js';
import * as related from './migrations/2026-11-25-09-related.js';
import * as search from './migrations/2026-11-25-10-search.js';
import * as spam from './migrations/2026-11-25-11-spam.js';
import * as originalTitle from './migrations/2026-12-04-12-original-title.js';
import * as importUpload from './migrations/2026-12-04-13-import-upload.js';
import * as titleSubstrings from './migrations/2026-12-04-14-title-substrings.js';
import * as writeLimits from './migrations/2026-12-05-15-write-limits.js';
import * as mailOutbox from './migrations/2026-12-05-20-mail-outbox.js';
import * as passwordResets from './migrations/2026-12-05-21-password-resets.js';
import * as moderatorMail from './migrations/2026-12-05-22-moderator-mail.js';
import * as replySubscriptions from './migrations/2026-12-05-23-reply-subscriptions.js';
import * as wordpressImport from './migrations/2026-12-05-25-wordpress-import.js';
import * as contentChanges from './migrations/2026-12-05-26-content-changes.js';
import * as pages from './migrations/2026-12-05-40-pages.js';
import * as tags from './migrations/2026-12-05-41-tags.js';
import * as importReport from './migrations/2026-12-05-42-import-report.js';
import * as members from './migrations/2026-12-05-50-members.js';
import * as memberHiddenComments from './migrations/2026-12-05-51-member-hidden-comments.js';
import * as reviews from './migrations/2026-12-05-55-reviews.js';
import * as reviewReplies from './migrations/2026-12-05-56-review-replies.js';
import * as watchlistDiary from './migrations/2026-12-05-57-watchlist-diary.js';
import * as memberGuestRatings from './migrations/2026-12-05-59-member-guest-ratings.js';
import * as externalIds from './migrations/2026-12-05-60-external-ids.js';
import * as memberApiTokens from './migrations/2026-12-05-62-member-api-tokens.js';
import * as halfStarHistogram from './migrations/2026-12-05-65-half-star-histogram.js';
import * as recentVotes from './migrations/2026-12-05-67-recent-votes.js';
import * as scheduledRuns from './migrations/2026-12-05-70-scheduled-runs.js';
import * as dataTransfer from './migrations/2026-12-05-75-data-transfer.js';
import * as termCounts from './migrations/2026-12-05-76-term-counts.js';
import * as lists from './migrations/2026-12-05-80-lists.js';
import * as listComments from './migrations/2026-12-05-81-list-comments.js';
import * as memberHistory from './migrations/2026-12-05-83-member-history.js';
import * as activity from './migrations/2026-12-05-85-activity.js';
import * as compactTitleKeys from './migrations/2026-12-05-87-compact-title-keys.js';
import * as filmRanks from './migrations/2026-12-05-90-film-ranks.js';
import * as filmTotal from './migrations/2026-12-05-91-film-total.js';
import * as relatedQueue from './migrations/2026-12-05-93-related-queue.js';
import * as memberTokenScopes from './migrations/2026-12-05-96-member-token-scopes.js';
import * as suspendedVotesReviewIp from './migrations/2026-12-05-97-suspended-votes-review-ip.js';
import * as filmVoteDays from './migrations/2026-12-06-01-film-vote-days.js';
import * as filmCommentDays from './migrations/2026-12-06-02-film-comment-days.js';
import * as relatedQueueOnWrite from './migrations/2026-12-06-03-related-queue-on-write.js';
import * as linkSortKeys from './migrations/2026-12-06-04-link-sort-keys.js';

// Listed statically so the compiled build needs no directory scan; names sort in the order they apply.
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-25-01-catalog': catalog,
  '2026-11-25-02-ratings-likes': ratingsLikes,
  '2026-11-25-05-accounts': accounts,
  '2026-11-25-07-comments': comments,
  '2026-11-25-08-posters': posters,
  '2026-11-25-09-related': related,
  '2026-11-25-10-search': search,
  '2026-11-25-11-spam': spam,
  '2026-12-04-12-original-title': originalTitle,
  '2026-12-04-13-import-upload': importUpload,
  '2026-12-04-14-title-substrings': titleSubstrings,
  '2026-12-05-15-write-limits': writeLimits,
  '2026-12-05-20-mail-outbox': mailOutbox,
  '2026-12-05-21-password-resets': passwordResets,
  '2026-12-05-22-moderator-mail': moderatorMail,
  '2026-12-05-23-reply-subscriptions': replySubscriptions,
  '2026-12-05-25-wordpress-import': wordpressImport,
  '2026-12-05-26-content-changes': contentChanges,
  '2026-12-05-40-pages': pages,
  '2026-12-05-41-tags': tags,
  '2026-12-05-42-import-report': importReport,
  '2026-12-05-50-members': members,
  '2026-12-05-51-member-hidden-comments': memberHiddenComments,
  '2026-12-05-55-reviews': reviews,
  '2026-12-05-56-review-replies': reviewReplies,
  '2026-12-05-57-watchlist-diary': watchlistDiary,
  '2026-12-05-59-member-guest-ratings': memberGuestRatings,
  '2026-12-05-60-external-ids': externalIds,
  '2026-12-05-62-member-api-tokens': memberApiTokens,
  '2026-12-05-65-half-star-histogram': halfStarHistogram,
  '2026-12-05-67-recent-votes': recentVotes,
  '2026-12-05-70-scheduled-runs': scheduledRuns,
  '2026-12-05-75-data-transfer': dataTransfer,
  '2026-12-05-76-term-counts': termCounts,
  '2026-12-05-80-lists': lists,
  '2026-12-05-81-list-comments': listComments,
  '2026-12-05-83-member-history': memberHistory,
  '2026-12-05-85-activity': activity,
  '2026-12-05-87-compact-title-keys': compactTitleKeys,
  '2026-12-05-90-film-ranks': filmRanks,
  '2026-12-05-91-film-total': filmTotal,
  '2026-12-05-93-related-queue': relatedQueue,
  '2026-12-05-96-member-token-scopes': memberTokenScopes,
  '2026-12-05-97-suspended-votes-review-ip': suspendedVotesReviewIp,
  '2026-12-06-01-film-vote-days': filmVoteDays,
  '2026-12-06-02-film-comment-days': filmCommentDays,
  '2026-12-06-03-related-queue-on-write': relatedQueueOnWrite,
  '2026-12-06-04-link-sort-keys': linkSortKeys,
};

/**
 * The bookkeeping table keeps the name and columns Kysely's own migrator gave it, so sites migrated before this
 * runner (docs/decisions/045-own-migration-runner.md) carry on where they stopped.
 */
const APPLIED_TABLE = 'kysely_migration';

export class MigrationStateError extends Error {}

/**
 * Applies every migration this build knows and the database has not had, in name order, and returns their names.
 * Everything it reads is in this connection's schema (the search_path's first on PostgreSQL): Kysely's migrator read
 * the catalog of every schema and took one lock for the whole server, so on a PostgreSQL server shared by several
 * sites or test runs a schema dropped meanwhile failed it, and every migration waited for every other.
 *
 * PostgreSQL: one transaction, under a lock named after the schema, so two processes starting at once take turns
 * and a failed migration leaves nothing behind. SQLite: one migration at a time, each recorded as it ends, as
 * Kysely did (some migrations rebuild tables in transactions of their own); one file has one writer at a time.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (!isPostgres(db)) return applyPending(db);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended('reelhouse.migrate.' || current_schema(), 0))`.execute(trx);
    return applyPending(trx);
  });
}

async function applyPending(db: Db): Promise<string[]> {
  const known = Object.keys(MIGRATIONS).sort();
  await sql`create table if not exists ${sql.table(APPLIED_TABLE)} (
    name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(db);
  const applied = (
    await sql<{ name: string }>`select name from ${sql.table(APPLIED_TABLE)} order by name`.execute(db)
  ).rows.map((row) => row.name);
  const unknown = applied.filter((name) => !(name in MIGRATIONS));
  if (unknown.length) {
    throw new MigrationStateError(
      `the database has migrations this version of Reelhouse does not know (${unknown.join(', ')}): it was migrated by a newer version; run that version`,
    );
  }
  // Applied migrations must be the first ones of the known list: a gap means this build has a migration that sorts
  // before what the database already had, and applying it late could break the later ones.
  const gap = applied.findIndex((name, i) => known[i] !== name);
  if (gap >= 0) {
    throw new MigrationStateError(
      `migration ${known[gap]} was never applied, but later ones were: restore from a backup or apply it by hand`,
    );
  }
  const pending = known.slice(applied.length);
  for (const name of pending) {
    await MIGRATIONS[name]!.up(db);
    await sql`insert into ${sql.table(APPLIED_TABLE)} (name, timestamp)
      values (${name}, ${new Date().toISOString()})`.execute(db);
  }
  return pending;
}
