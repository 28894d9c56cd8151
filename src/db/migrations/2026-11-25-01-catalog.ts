import type { Kysely } from 'kysely';
import { idColumn, idColumnType } from '../dialect/index.js';

// Frozen: a migration describes the schema as it was on its date; later changes get new files.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('site_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('genres')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('films')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year', 'integer')
    .addColumn('synopsis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('origin', 'text')
    .addColumn('language', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('primary_category_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('films_source_key', ['source', 'source_id'])
    .execute();
  await db.schema.createIndex('films_created_idx').on('films').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('films_year_idx').on('films').columns(['year', 'id']).execute();

  await db.schema
    .createTable('film_categories')
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('film_categories_pk', ['category_id', 'film_id'])
    .execute();
  await db.schema.createIndex('film_categories_film_idx').on('film_categories').column('film_id').execute();

  await db.schema
    .createTable('film_genres')
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('genre_id', 'integer', (c) => c.notNull().references('genres.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('film_genres_pk', ['genre_id', 'film_id'])
    .execute();
  await db.schema.createIndex('film_genres_film_idx').on('film_genres').column('film_id').execute();

  await db.schema
    .createTable('people')
    .addColumn('id', idColumnType(db), idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('film_people')
    .addColumn('film_id', 'integer', (c) => c.notNull().references('films.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('film_people_pk', ['film_id', 'role', 'person_id'])
    .execute();
  await db.schema.createIndex('film_people_person_idx').on('film_people').columns(['person_id', 'film_id']).execute();

  await db.schema
    .createTable('slug_redirects')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('old_slug', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('slug_redirects_pk', ['kind', 'old_slug'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'slug_redirects',
    'film_people',
    'people',
    'film_genres',
    'film_categories',
    'films',
    'genres',
    'categories',
    'site_state',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
