import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
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

// Listed statically so the compiled build needs no directory scan; names sort in the order they apply.
const migrations: Record<string, Migration> = {
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
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * `schema` names the PostgreSQL schema that holds Kysely's bookkeeping tables. Needed when several schemas share a
 * database (the test matrix): Kysely looks for its tables in every schema and would find another's.
 */
export async function migrateToLatest(db: Db, options: { schema?: string } = {}): Promise<string[]> {
  // Without one, the connection's own schema when it is not `public` (PGOPTIONS='-c search_path=…', as the scale
  // bench and a site sharing a database set it), for the same reason.
  let schema = options.schema;
  if (!schema && isPostgres(db)) {
    const current = (await sql<{ name: string | null }>`select current_schema() as name`.execute(db)).rows[0]?.name;
    if (current && current !== 'public') schema = current;
  }
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
