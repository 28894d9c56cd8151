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

/** `SELECT … FOR UPDATE` on PostgreSQL; SQLite has no row locks (its write transactions are already exclusive). */
export function lockingRead<Q extends { forUpdate(): Q }>(query: Q, db: AnyDb): Q {
  return isPostgres(db) ? query.forUpdate() : query;
}

/**
 * Rows to claim for a job queue (the mail outbox): on PostgreSQL `FOR UPDATE SKIP LOCKED`, so several instances each
 * take different rows without waiting on one another. SQLite has one writer at a time, so the conditional UPDATE
 * that uses this subquery is already a claim no other connection can interleave with.
 */
export function claimableRows<Q extends { forUpdate(): Q; skipLocked(): Q }>(query: Q, db: AnyDb): Q {
  return isPostgres(db) ? query.forUpdate().skipLocked() : query;
}

/** A JS number as a floating-point SQL value; PostgreSQL cannot infer the type of a bare parameter in arithmetic. */
export const asFloat = (value: number) => sql<number>`cast(${value} as double precision)`;

/**
 * Whether a write failed on the UNIQUE constraint of `table.column`: better-sqlite3 reports SQLITE_CONSTRAINT_UNIQUE
 * with "UNIQUE constraint failed: table.column", PostgreSQL SQLSTATE 23505 with the table and "Key (column)=…".
 */
export function isUniqueViolation(error: unknown, table: string, column: string): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  if (error.code === '23505') {
    const { table: failedTable, detail } = error as Error & { table?: unknown; detail?: unknown };
    return failedTable === table && typeof detail === 'string' && detail.startsWith(`Key (${column})=`);
  }
  return error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes(`${table}.${column}`);
}
