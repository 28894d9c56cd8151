import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Members: visitors with an account (docs/decisions/026). Kept apart from the staff `users` table so that no member
// row can ever satisfy an admin role check. A member acts with their own stable visitor id (`visitor_id`), so votes,
// likes and comments stay keyed by visitor id as they are for guests. Sessions and one-time tokens store hashes only.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('members')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull().unique())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('handle_key', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) => c.notNull().unique())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('profile_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('watchlist_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confirmed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('suspended_at', 'text')
    .execute();
  // The purge of unconfirmed accounts reads by creation time.
  await db.schema
    .createIndex('members_unconfirmed_idx')
    .on('members')
    .columns(['confirmed_at', 'created_at'])
    .execute();

  await db.schema
    .createTable('member_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('member_sessions_member_idx').on('member_sessions').column('member_id').execute();

  await db.schema
    .createTable('member_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    // For an email change: the new address, which becomes the member's once the link is followed.
    .addColumn('new_email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('member_tokens_member_idx').on('member_tokens').column('member_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['member_tokens', 'member_sessions', 'members']) await db.schema.dropTable(table).execute();
}
