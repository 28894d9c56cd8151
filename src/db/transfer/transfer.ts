import { sql } from 'kysely';
import { listTableNames, resetIdSequences } from '../dialect/index.js';
import { TableChecksum } from './checksum.js';
import { COPIED_TABLES, TABLE_PLAN, type TablePlan } from './table-plan.js';
import { type AnyDb, keyOf, type Row, readAll, readBatch, shapeOf, type TableShape } from './table-reader.js';

/**
 * The data move (decision 031): every table of TABLE_PLAN that is copied, in its order, batch by batch with ids kept;
 * each batch commits with a note of how far the table got, so a stopped run continues where it stopped. Both
 * databases must already be migrated (the command does it first).
 */
export interface TransferOptions {
  source: AnyDb;
  target: AnyDb;
  /** Names the source in the target's progress notes, so a run from another file cannot continue this one. */
  sourceLabel: string;
  /** Delete what the target holds first, instead of refusing to copy into a database that has data. */
  overwriteTarget?: boolean;
  batchSize?: number;
  onProgress?: (progress: { table: string; copied: number; total: number }) => void;
}

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

export class TargetNotEmptyError extends Error {}

type CopiedPlan = Extract<TablePlan, { copy: true }>;

/** Copies what is not copied yet, fixes the target's id sequences, and compares every table on both sides. */
export async function transferData(options: TransferOptions): Promise<TableReport[]> {
  const { source, target } = options;
  await prepareTarget(options);
  for (const table of COPIED_TABLES) {
    await copyTable(options, table, TABLE_PLAN[table] as CopiedPlan);
    await resetIdSequences(target, table);
  }
  return verify(source, target, options.batchSize ?? 1000);
}

/** Refuses a target that holds data, unless it is this same move stopped half-way or the caller said to overwrite. */
async function prepareTarget(options: TransferOptions): Promise<void> {
  const { target } = options;
  const notes = await target.selectFrom('data_transfer_progress').select(['table_name', 'source']).execute();
  const resuming = notes.length > 0 && notes.every((n) => n.source === options.sourceLabel);
  if (resuming && !options.overwriteTarget) return;
  const occupied: string[] = [];
  for (const table of COPIED_TABLES) {
    const row = await target.selectFrom(table).select(sql`1`.as('x')).limit(1).executeTakeFirst();
    if (row) occupied.push(table);
  }
  if (occupied.length && !options.overwriteTarget) {
    throw new TargetNotEmptyError(
      `the target database already holds data (${occupied.join(', ')}); nothing was copied. ` +
        'Point --to at an empty database, or add --overwrite-target to delete what it holds first.',
    );
  }
  await target.transaction().execute(async (tx) => {
    for (const table of [...COPIED_TABLES].reverse()) await tx.deleteFrom(table).execute();
    await tx.deleteFrom('data_transfer_progress').execute();
  });
}

async function copyTable(options: TransferOptions, table: string, plan: CopiedPlan): Promise<void> {
  const { source, target, sourceLabel } = options;
  const note = await target
    .selectFrom('data_transfer_progress')
    .selectAll()
    .where('table_name', '=', table)
    .executeTakeFirst();
  if (note?.done) return;
  const shape = await matchingShape(source, target, table);
  const derived = new Set(plan.derived ?? []);
  const columns = shape.columns.filter((c) => !derived.has(c));
  const total = await countRows(source, table);
  let copied = Number(note?.copied ?? 0);
  let after: unknown[] | null = note?.after_key ? (JSON.parse(note.after_key) as unknown[]) : null;
  // PostgreSQL takes at most 65,535 parameters a statement.
  const batchSize = Math.min(options.batchSize ?? 1000, Math.floor(60_000 / columns.length));
  for (;;) {
    const rows = await readBatch(source, shape, after, batchSize);
    if (rows.length === 0) break;
    after = keyOf(shape, rows[rows.length - 1]!);
    copied += rows.length;
    const values = rows.map((row) => pick(row, columns, plan.selfReference));
    const position = { table_name: table, source: sourceLabel, after_key: JSON.stringify(after), copied, done: 0 };
    await target.transaction().execute(async (tx) => {
      await tx.insertInto(table).values(values).execute();
      await saveProgress(tx, position);
    });
    options.onProgress?.({ table, copied, total });
    if (rows.length < batchSize) break;
  }
  await target.transaction().execute(async (tx) => {
    if (plan.selfReference) await fixSelfReferences(source, tx, table, plan.selfReference);
    await saveProgress(tx, {
      table_name: table,
      source: sourceLabel,
      after_key: JSON.stringify(after),
      copied,
      done: 1,
    });
  });
  options.onProgress?.({ table, copied, total });
}

/** A row as inserted: derived columns left to the target, a reference to a later row of the same table left for later. */
function pick(row: Row, columns: readonly string[], selfReference: string | undefined): Row {
  const out: Row = {};
  for (const column of columns) out[column] = row[column];
  if (selfReference && typeof out[selfReference] === 'number' && (out[selfReference] as number) > (row.id as number)) {
    out[selfReference] = null;
  }
  return out;
}

async function fixSelfReferences(source: AnyDb, target: AnyDb, table: string, column: string): Promise<void> {
  const later = await source
    .selectFrom(table)
    .select(['id', `${column} as ref`])
    .where(sql.ref(column), '>', sql.ref('id'))
    .execute();
  for (const row of later) await target.updateTable(table).set(column, row.ref).where('id', '=', row.id).execute();
}

async function saveProgress(db: AnyDb, position: Row): Promise<void> {
  const { table_name: _, ...rest } = position;
  await db
    .insertInto('data_transfer_progress')
    .values(position)
    .onConflict((oc) => oc.column('table_name').doUpdateSet(rest))
    .execute();
}

/** The table as both sides have it; refuses to copy when their columns differ (a column would be lost). */
async function matchingShape(source: AnyDb, target: AnyDb, table: string): Promise<TableShape> {
  const [from, to] = await Promise.all([shapeOf(source, table), shapeOf(target, table)]);
  if (from.columns.join() !== to.columns.join()) {
    throw new Error(
      `${table}: the source has columns (${from.columns.join(', ')}) but the target (${to.columns.join(', ')}); ` +
        'are both databases at the same version?',
    );
  }
  return from;
}

async function countRows(db: AnyDb, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function checksum(db: AnyDb, shape: TableShape, batchSize: number): Promise<TableChecksum> {
  const sum = new TableChecksum();
  for await (const rows of readAll(db, shape, batchSize)) for (const row of rows) sum.add(row, shape.columns);
  return sum;
}

/** Row counts and checksums of every copied table on both sides. */
export async function verify(source: AnyDb, target: AnyDb, batchSize = 1000): Promise<TableReport[]> {
  const reports: TableReport[] = [];
  for (const table of COPIED_TABLES) {
    const shape = await matchingShape(source, target, table);
    const [from, to] = await Promise.all([checksum(source, shape, batchSize), checksum(target, shape, batchSize)]);
    reports.push({
      table,
      sourceRows: from.rows,
      targetRows: to.rows,
      sourceChecksum: from.hex,
      targetChecksum: to.hex,
      ok: from.rows === to.rows && from.hex === to.hex,
    });
  }
  return reports;
}

/** Tables the database has that the plan does not mention (a new migration's table nobody decided about). */
export async function unplannedTables(
  db: AnyDb,
  untyped: Readonly<Record<string, string>>,
  ignore: (t: string) => boolean,
) {
  const planned = new Set([...Object.keys(TABLE_PLAN), ...Object.keys(untyped)]);
  return (await listTableNames(db)).filter((t) => !planned.has(t) && !ignore(t));
}
