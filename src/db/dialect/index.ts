import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

/** The only place that asks which database this is; features call the named helpers below instead. */
type AnyDb = Pick<Kysely<unknown>, 'getExecutor'>;

export function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-numbered integer primary key on either database. */
export function idColumnType(db: Kysely<unknown>): 'serial' | 'integer' {
  return isPostgres(db) ? 'serial' : 'integer';
}

export function idColumn(db: Kysely<unknown>) {
  return (col: ColumnDefinitionBuilder) => (isPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement());
}

/** Case- and accent-insensitive sort key for titles is a later concern; lower() works the same on both today. */
export const lowerTitle = sql<string>`lower(title)`;

/** `SELECT … FOR UPDATE` on PostgreSQL; SQLite has no row locks (its write transactions are already exclusive). */
export function lockingRead<Q extends { forUpdate(): Q }>(query: Q, db: AnyDb): Q {
  return isPostgres(db) ? query.forUpdate() : query;
}

/** A JS number as a floating-point SQL value; PostgreSQL cannot infer the type of a bare parameter in arithmetic. */
export const asFloat = (value: number) => sql<number>`cast(${value} as double precision)`;
