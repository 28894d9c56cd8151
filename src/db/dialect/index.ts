import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';
import { CHANGE_CHANNEL_SQL } from './change-feed.js';

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

/**
 * The PostgreSQL channel that announces committed changes of this schema's content (docs/decisions/030): one per
 * schema, so sites (or test runs) sharing a database never hear each other; hashed, as a channel name is at most 63
 * bytes.
 */
const CHANGE_CHANNEL = sql.raw<string>(CHANGE_CHANNEL_SQL);

/**
 * Tells every instance listening on this database that change `seq` happened. On PostgreSQL a NOTIFY made inside the
 * write's transaction is delivered when, and only if, it commits. SQLite has no notifications: an instance of a SQLite
 * site is alone on its host, and reads the change log from the local file once a second.
 */
export async function announceChange(db: AnyDb, seq: number): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`select pg_notify(${CHANGE_CHANNEL}, ${String(seq)})`.execute(db);
}

/**
 * Makes every transaction that passes the same `key` here take turns until it commits: a count-then-write (the ballot
 * cap, the comment flood check) then holds across instances. PostgreSQL: a transaction-scoped advisory lock on the
 * key's 64-bit hash (a collision only makes two keys wait for each other). SQLite: nothing to do, its write
 * transactions already run one at a time.
 */
export async function serializeOn(db: AnyDb, key: string): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}

/**
 * Fresh planner statistics after a bulk import. PostgreSQL plans from statistics that autovacuum refreshes only after
 * a while; right after 36k films arrived it estimated 182 rows and archive queries ran 3–10× slower. Only this
 * schema's tables are analysed. SQLite plans without statistics unless ANALYZE was ever run, and a first ANALYZE
 * would change every plan the benchmarks were measured with, so it is left as it is.
 */
export async function refreshStatistics(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  const tables = await sql<{ name: string }>`select tablename as name from pg_tables
    where schemaname = current_schema()`.execute(db);
  if (tables.rows.length === 0) return;
  await sql`analyze ${sql.join(tables.rows.map((t) => sql.id(t.name)))}`.execute(db);
}
