import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('spam_feedback')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('is_spam', 'integer', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('feature_bits', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('spam_form_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('spam_form_tokens_used_idx').on('spam_form_tokens').column('last_used_at').execute();
  // The flood checks count a network's recent comments on every post; without this they scan the whole table.
  await db.schema.createIndex('comments_ip_hash_idx').on('comments').columns(['ip_hash', 'created_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_ip_hash_idx').execute();
  await db.schema.dropTable('spam_form_tokens').execute();
  await db.schema.dropTable('spam_feedback').execute();
}
