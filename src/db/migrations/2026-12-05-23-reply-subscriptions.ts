import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// "Email me when someone replies": an address is a subscriber once it asked (confirmed_at set once it clicked the
// confirmation link: double opt-in); a subscription ties it to one of its comments. reply_notices records which
// replies were already mailed about, so approving a reply twice never mails twice.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_subscribers')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirm_hash', 'text')
    .addColumn('confirm_sent_at', 'text')
    .addColumn('confirmed_at', 'text')
    .execute();
  await db.schema
    .createTable('reply_subscriptions')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('mail_subscribers.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reply_subscriptions_pk', ['subscriber_id', 'comment_id'])
    .execute();
  await db.schema.createIndex('reply_subscriptions_comment').on('reply_subscriptions').column('comment_id').execute();
  await db.schema
    .createTable('reply_notices')
    .addColumn('reply_id', 'integer', (c) => c.primaryKey().references('comments.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reply_notices').execute();
  await db.schema.dropTable('reply_subscriptions').execute();
  await db.schema.dropTable('mail_subscribers').execute();
}
