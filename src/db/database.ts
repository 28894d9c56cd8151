import type { Kysely, Transaction } from 'kysely';
import type { AccountsTables } from '../features/accounts/accounts.table.js';
import type { RecoveryTables } from '../features/accounts/recovery.table.js';
import type { ActivityTables } from '../features/activity/activity.table.js';
import type { AuditTables } from '../features/audit/audit.table.js';
import type { CatalogTables } from '../features/catalog/catalog.table.js';
import type { CommentsTables } from '../features/comments/comments.table.js';
import type { DiaryTables } from '../features/diary/diary.table.js';
import type { ImportJobTables } from '../features/importers/admin/import-jobs.table.js';
import type { WxrTables } from '../features/importers/wxr/wxr.table.js';
import type { LikesTables } from '../features/likes/likes.table.js';
import type { ListsTables } from '../features/lists/lists.table.js';
import type { MailTables } from '../features/mail/mail.table.js';
import type { MemberHistoryTables } from '../features/member-history/member-history.table.js';
import type { MemberApiTokensTables } from '../features/members/api-tokens.table.js';
import type { MembersTables } from '../features/members/members.table.js';
import type { PagesTables } from '../features/pages/pages.table.js';
import type { RatingsTables } from '../features/ratings/ratings.table.js';
import type { RelatedTables } from '../features/related/related.table.js';
import type { ReviewsTables } from '../features/reviews/reviews.table.js';
import type { SearchTables } from '../features/search/search.table.js';
import type { SettingsTables } from '../features/settings/settings.table.js';
import type { SpamTables } from '../features/spam/spam.table.js';
import type { TagsTables } from '../features/tags/tags.table.js';

export interface SiteStateTable {
  key: string;
  value: string;
}

/** One numbered change and a content key it touched (db/site-state.ts, docs/decisions/022). */
export interface ContentChangeTable {
  seq: number;
  key: string;
}

/** Public write counts per visitor / IP hash and fixed window (src/http/plugins/write-limits.ts). */
export interface WriteLimitTable {
  key: string;
  hits: number;
  window_ends_at: string;
}

/** How far `reelhouse migrate-data` copied each table into this database (db/transfer, decision 031). */
export interface DataTransferProgressTable {
  table_name: string;
  source: string;
  after_key: string | null;
  copied: number;
  done: number;
}

/** When each scheduled job may next run, claimed by one instance at a time (db/scheduled-runs.ts, decision 030). */
export interface ScheduledRunTable {
  name: string;
  next_run_at: string;
  last_run_at: string | null;
  last_runner: string | null;
}

export interface Database
  extends CatalogTables,
    RatingsTables,
    LikesTables,
    AccountsTables,
    AuditTables,
    SettingsTables,
    CommentsTables,
    ImportJobTables,
    SpamTables,
    SearchTables,
    RelatedTables,
    WxrTables,
    MailTables,
    PagesTables,
    RecoveryTables,
    TagsTables,
    MembersTables,
    MemberApiTokensTables,
    DiaryTables,
    ListsTables,
    ReviewsTables,
    ActivityTables,
    MemberHistoryTables {
  site_state: SiteStateTable;
  write_limits: WriteLimitTable;
  content_changes: ContentChangeTable;
  data_transfer_progress: DataTransferProgressTable;
  scheduled_runs: ScheduledRunTable;
}

export type Db = Kysely<Database>;
/** Repository functions take either the database or an open transaction. */
export type DbOrTx = Kysely<Database> | Transaction<Database>;
