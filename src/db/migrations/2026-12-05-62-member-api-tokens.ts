import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Personal API tokens of members (docs/decisions/034): like the admin API's tokens, only a SHA-256 of the secret is
// stored, with its first characters to tell tokens apart. They go with the account (cascade).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member_api_tokens')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('member_api_tokens_member_idx').on('member_api_tokens').column('member_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('member_api_tokens').execute();
}
