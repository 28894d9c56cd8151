import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Replies to a member's review are comments (issue 16): the same form fields, flood limits, spam filter, moderation
// queue, mail and privacy as any comment, with `review_id` saying which review they answer. The film's own comment
// thread leaves them out. Deleting a review deletes its replies.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('review_id', 'integer', (c) => c.references('reviews.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('comments_review_idx').on('comments').columns(['review_id', 'status']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_review_idx').execute();
  await db.schema.alterTable('comments').dropColumn('review_id').execute();
}
