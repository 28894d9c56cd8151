import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect/index.js';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// Comments on lists (issue 17, decision 035): the same comments, with `list_id` saying which list they are on and no
// film. So `film_id` may now be null. PostgreSQL drops the constraint in place; SQLite cannot, so the table is made
// again by SQLite's documented procedure (foreign keys off, new table from the stored definition minus `not null`,
// copy, drop, rename, indexes again, foreign key check), keeping every column and index other migrations added.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('list_id', 'integer', (c) => c.references('lists.id').onDelete('cascade'))
    .execute();
  if (isPostgres(db)) await sql`alter table comments alter column film_id drop not null`.execute(db);
  else await filmOptionalOnSqlite(db);
  await db.schema.createIndex('comments_list_idx').on('comments').columns(['list_id', 'status']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function filmOptionalOnSqlite(db: Kysely<any>): Promise<void> {
  const schema = await sql<{ type: string; sql: string }>`
    select type, sql from sqlite_master where tbl_name = 'comments' and sql is not null`.execute(db);
  const table = schema.rows.find((r) => r.type === 'table')?.sql ?? '';
  const rebuilt = table
    .replace(/^create table "?comments"?/i, 'create table "comments_rebuilt"')
    .replace(/"film_id" integer not null/i, '"film_id" integer');
  if (!rebuilt.startsWith('create table "comments_rebuilt"') || /"film_id" integer not null/i.test(rebuilt))
    throw new Error(`Unexpected definition of comments: ${table}`);
  const indexes = schema.rows.filter((r) => r.type === 'index').map((r) => r.sql);
  // Off outside the transaction (SQLite ignores the pragma inside one): dropping the old table must not cascade.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (tx) => {
      await sql.raw(rebuilt).execute(tx);
      await sql`insert into comments_rebuilt select * from comments`.execute(tx);
      await sql`drop table comments`.execute(tx);
      await sql`alter table comments_rebuilt rename to comments`.execute(tx);
      for (const index of indexes) await sql.raw(index).execute(tx);
      const broken = await sql`pragma foreign_key_check(comments)`.execute(tx);
      if (broken.rows.length > 0) throw new Error(`comments rebuilt with ${broken.rows.length} broken references`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  // `film_id` stays nullable: every remaining comment has a film, and a rebuild back would gain nothing.
  await db.deleteFrom('comments').where('list_id', 'is not', null).execute();
  await db.schema.dropIndex('comments_list_idx').execute();
  await db.schema.alterTable('comments').dropColumn('list_id').execute();
}
