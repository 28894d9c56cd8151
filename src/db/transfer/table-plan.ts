import type { Database } from '../database.js';

/**
 * What `reelhouse migrate-data` does with each table (decision 031). Typed as a record over every table of the
 * Database type, so a new table does not compile until someone says whether it is copied or why not; the test
 * beside this file also checks the tables a migrated database really has, migrations included.
 */
export type TablePlan =
  | {
      copy: true;
      /** A column referring to this same table (a reply's parent): rows whose parent comes later are fixed afterwards. */
      selfReference?: string;
      /** Columns the target keeps by itself (triggers): not copied, but still compared once everything is copied. */
      derived?: readonly string[];
    }
  | { copy: false; reason: string };

const copy = (extra: Omit<Extract<TablePlan, { copy: true }>, 'copy'> = {}): TablePlan => ({ copy: true, ...extra });

/** The films' sort keys on their category and genre links, copied by the target's triggers (decision 052). */
const LINK_SORT_KEYS = ['year', 'title', 'title_key', 'created_at', 'rating_rank', 'rating_votes', 'like_count'];

/** In copy order: a table comes after every table it refers to. */
export const TABLE_PLAN: { readonly [T in keyof Database]: TablePlan } = {
  settings: copy(),
  users: copy(),
  sessions: copy(),
  api_tokens: copy(),
  login_attempts: copy(),
  password_resets: copy(),
  known_devices: copy(),
  members: copy(),
  member_sessions: copy(),
  member_tokens: copy(),
  member_api_tokens: copy(),
  audit_log: copy(),
  categories: copy({ selfReference: 'parent_id', derived: ['film_count'] }),
  genres: copy({ derived: ['film_count'] }),
  people: copy(),
  tags: copy(),
  films: copy(),
  film_total: { copy: false, reason: 'one row kept by triggers on films, which count the copied films (decision 041)' },
  film_categories: copy({ derived: LINK_SORT_KEYS }),
  film_genres: copy({ derived: LINK_SORT_KEYS }),
  film_people: copy(),
  film_tags: copy(),
  slug_redirects: copy(),
  tag_redirects: copy(),
  legacy_redirects: copy(),
  film_imported_ratings: copy(),
  film_votes: copy(),
  film_rating_stats: copy(),
  film_vote_days: {
    copy: false,
    reason: 'votes per film and day, kept by triggers on the copied film_votes (decision 047)',
  },
  vote_window: { copy: false, reason: 'one row its migration creates: where the month totals start (decision 047)' },
  film_vote_window: {
    copy: false,
    reason: 'month totals per film, kept by triggers on the copied film_votes (decision 047)',
  },
  rating_ranking: {
    copy: false,
    reason: 'one row its migration creates; the ranking job recounts it from film_rating_stats (decision 041)',
  },
  film_likes: copy(),
  film_like_stats: copy(),
  related_films: copy(),
  reviews: copy(),
  review_likes: copy(),
  comments: copy({ selfReference: 'parent_id' }),
  film_comment_days: copy(),
  comment_window: { copy: false, reason: 'one row its migration creates: where the week totals start (decision 047)' },
  film_comment_window: {
    copy: false,
    reason:
      'week totals per film: the hourly job `comments.window` rebuilds them from film_comment_days (decision 047)',
  },
  mail_subscribers: copy(),
  reply_subscriptions: copy(),
  reply_notices: copy(),
  spam_feedback: copy(),
  spam_form_tokens: copy(),
  mail_outbox: copy(),
  moderator_mail: copy(),
  pages: copy(),
  import_jobs: copy(),
  wp_import_items: copy(),
  wp_import_comments: copy(),
  film_writeups: copy(),
  watchlist_items: copy(),
  diary_entries: copy(),
  lists: copy(),
  list_entries: copy(),
  list_likes: copy(),
  list_words: copy(),
  activity_items: copy(),
  member_follows: copy(),
  imported_history_items: copy(),
  member_import_jobs: copy(),
  search_documents: {
    copy: false,
    reason: 'search index: rebuilt by the target’s triggers as films and people arrive',
  },
  search_pending: { copy: false, reason: 'search index queue: emptied as the target indexes' },
  site_state: { copy: false, reason: 'page cache version counter: the target starts its own' },
  content_changes: { copy: false, reason: 'page cache invalidation log: only meaningful to the old database' },
  write_limits: { copy: false, reason: 'rate-limit windows of a few minutes: they start afresh' },
  data_transfer_progress: { copy: false, reason: 'this command’s own progress notes' },
  scheduled_runs: { copy: false, reason: 'when each scheduled job runs next: the target schedules afresh' },
  related_queue: { copy: false, reason: 'related-film work in flight: the target rebuilds its lists' },
};

/** Tables a migrated database has outside the Database type: migration bookkeeping and SQLite's search index. */
export const UNTYPED_TABLES: Readonly<Record<string, string>> = {
  kysely_migration: 'migration bookkeeping: the target is migrated by this command first',
  kysely_migration_lock: 'migration bookkeeping',
};

/** SQLite FTS5 tables (search_fts, search_trigrams and their shadow tables): the search index, rebuilt by PostgreSQL. */
export const isSqliteSearchIndex = (table: string) => /^search_(fts|trigrams?)(_\w+)?$/.test(table);

export const COPIED_TABLES = (Object.keys(TABLE_PLAN) as Array<keyof Database>).filter((t) => TABLE_PLAN[t].copy);
