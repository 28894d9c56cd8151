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

export interface ColumnInfo {
  name: string;
  /** 1-based position in the primary key; 0 when not part of it. */
  pk: number;
}

/** A table's columns and primary key, from the database's own catalog (this connection's schema on PostgreSQL). */
export async function tableColumns(db: Kysely<unknown>, table: string): Promise<ColumnInfo[]> {
  if (isPostgres(db)) {
    const result = await sql<{ name: string; pk: number | null }>`
      select c.column_name as name, k.ordinal_position as pk
      from information_schema.columns c
      left join information_schema.table_constraints t
        on t.table_schema = c.table_schema and t.table_name = c.table_name and t.constraint_type = 'PRIMARY KEY'
      left join information_schema.key_column_usage k
        on k.constraint_name = t.constraint_name and k.table_schema = c.table_schema and k.column_name = c.column_name
      where c.table_schema = current_schema() and c.table_name = ${table}
      order by c.ordinal_position`.execute(db);
    return result.rows.map((r) => ({ name: r.name, pk: Number(r.pk ?? 0) }));
  }
  const result = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(db);
  return result.rows;
}

/** Every table of this database (this connection's schema on PostgreSQL), virtual and shadow tables included. */
export async function listTableNames(db: Kysely<unknown>): Promise<string[]> {
  const query = isPostgres(db)
    ? sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`
    : sql<{
        name: string;
      }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`;
  return (await query.execute(db)).rows.map((r) => r.name);
}

/**
 * After rows were inserted with their ids (a data move), the next id a table hands out must come after them:
 * PostgreSQL's serial sequences do not notice explicit ids; SQLite's AUTOINCREMENT already does.
 */
export async function resetIdSequences(db: Kysely<unknown>, table: string): Promise<void> {
  if (!isPostgres(db)) return;
  const serials = await sql<{ name: string }>`select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and column_default like 'nextval(%'`.execute(db);
  for (const { name } of serials.rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${name}),
      coalesce((select max(${sql.ref(name)}) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
  }
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
 * key's 64-bit hash (a collision only makes two keys wait for each other). Advisory locks belong to the whole
 * database, so the key is prefixed with the schema: sites (or test files) in other schemas of one database never
 * wait for each other, as the migration lock already does (decision 045). SQLite: nothing to do, its write
 * transactions already run one at a time.
 */
export async function serializeOn(db: AnyDb, key: string): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || ${key}, 0))`.execute(db);
}

/**
 * `serializeOn` for many keys in one statement, taken in the order given (callers sort them, so two transactions
 * never wait for each other in a cycle): a batch write locks each of its rows' keys in one round trip.
 */
export async function serializeOnEach(db: AnyDb, keys: readonly string[]): Promise<void> {
  if (!isPostgres(db) || keys.length === 0) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || k, 0))
    from unnest(cast(${[...keys]} as text[])) as k`.execute(db);
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
  // The one-row counters kept by triggers (term counts, the film total, the rating totals) were rewritten once per
  // import batch: thousands of dead versions that every read walks (12 ms for the one category of 36k films) until
  // autovacuum comes by. They are tiny, so vacuuming them now costs milliseconds (decision 041). Not inside a
  // transaction (VACUUM refuses); the importers call this outside theirs.
  const counters = ['categories', 'genres', 'film_total', 'rating_ranking'].filter((name) =>
    tables.rows.some((t) => t.name === name),
  );
  if (counters.length > 0 && !(db as { isTransaction?: boolean }).isTransaction)
    await sql`vacuum ${sql.join(counters.map((name) => sql.id(name)))}`.execute(db);
}
