import { type Kysely, sql } from 'kysely';
import { type ColumnInfo, tableColumns } from '../dialect/index.js';

// biome-ignore lint/suspicious/noExplicitAny: the move reads and writes every table by name, whatever its row type.
export type AnyDb = Kysely<any>;
export type Row = Record<string, unknown>;

export interface TableShape {
  table: string;
  columns: string[];
  /** Primary key columns in key order: batches are read in this order, and progress is the last key read. */
  key: string[];
}

export async function shapeOf(db: AnyDb, table: string): Promise<TableShape> {
  const info: ColumnInfo[] = await tableColumns(db, table);
  if (info.length === 0) throw new Error(`${table}: no such table`);
  const key = info
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  if (key.length === 0) throw new Error(`${table}: has no primary key to copy it in order by`);
  return { table, columns: info.map((c) => c.name).sort(), key };
}

/**
 * Rows after `after` (a primary key, or null for the start), in key order, `limit` at a time. A keyset read: each
 * batch is one index range scan wherever it starts, so batch 1,000 costs what batch 1 does.
 */
export async function readBatch(
  db: AnyDb,
  shape: TableShape,
  after: readonly unknown[] | null,
  limit: number,
): Promise<Row[]> {
  const keys = sql.join(shape.key.map((k) => sql.ref(k)));
  const where = after ? sql`where (${keys}) > (${sql.join(after.map((v) => sql`${v}`))})` : sql``;
  const columns = sql.join(shape.columns.map((c) => sql.ref(c)));
  const result = await sql<Row>`select ${columns} from ${sql.table(shape.table)} ${where}
    order by ${keys} limit ${limit}`.execute(db);
  return result.rows;
}

export const keyOf = (shape: TableShape, row: Row): unknown[] => shape.key.map((k) => row[k]);

/** Every row of a table, batch by batch. */
export async function* readAll(db: AnyDb, shape: TableShape, batchSize: number): AsyncGenerator<Row[]> {
  let after: unknown[] | null = null;
  for (;;) {
    const rows = await readBatch(db, shape, after, batchSize);
    if (rows.length === 0) return;
    yield rows;
    after = keyOf(shape, rows[rows.length - 1]!);
    if (rows.length < batchSize) return;
  }
}
