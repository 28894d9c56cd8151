import { spawn } from 'node:child_process';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from './database.js';
import { TABLE_PLAN } from './transfer/table-plan.js';

/**
 * Backups (decision 031). SQLite: the online backup API, which copies pages from a read transaction while the site
 * keeps writing (WAL), so the copy is the database as of one moment. PostgreSQL: pg_dump, whose dump is one
 * snapshot too; restores refuse a database that holds data.
 */
export async function backupSqlite(file: string, to: string, onProgress?: (done: number, total: number) => void) {
  const database = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    let remaining = Number.POSITIVE_INFINITY;
    await database.backup(to, {
      progress({ totalPages, remainingPages }) {
        onProgress?.(totalPages - remainingPages, totalPages);
        // A write by another connection between two steps restarts the copy; after one restart, the rest is
        // copied in a single step (one read transaction) so a busy site cannot keep it restarting.
        const restarted = remainingPages > remaining;
        remaining = remainingPages;
        return restarted ? remainingPages : 4096;
      },
    });
  } finally {
    database.close();
  }
}

/** Copies a backup file into `file` (a SQLite database without data), after checking the backup is sound. */
export async function restoreSqlite(backup: string, file: string): Promise<void> {
  const source = new SQLite(backup, { readonly: true, fileMustExist: true });
  try {
    const check = source.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${backup}: not a sound SQLite database (${String(check)})`);
    if (fs.existsSync(file)) {
      const existing = new SQLite(file);
      try {
        const held = tablesWithRows((name) => {
          const exists = existing.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name);
          return exists !== undefined && existing.prepare(`select 1 from "${name}" limit 1`).get() !== undefined;
        });
        if (held.length) throw notEmpty(held);
      } finally {
        existing.close();
      }
    }
    await source.backup(file);
  } finally {
    source.close();
  }
}

export class RestoreRefusedError extends Error {}

const notEmpty = (tables: string[]) =>
  new RestoreRefusedError(
    `the database to restore into already holds data (${tables.join(', ')}); nothing was restored. ` +
      'Restore into a new, empty database (a new DATABASE_URL), or move this one aside first.',
  );

function tablesWithRows(hasRows: (table: string) => boolean): string[] {
  return Object.entries(TABLE_PLAN)
    .filter(([name, plan]) => plan.copy && hasRows(name))
    .map(([name]) => name);
}

/** The schema PostgreSQL connections of this site use (a test or a shared server may put each site in its own). */
async function currentSchema(db: Db): Promise<string | null> {
  // Null when no schema of the search path exists (yet): the restore creates it.
  const row = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return row.rows[0]!.schema;
}

/** The pg_dump command that backs up this site's database into `file` (custom format, for pg_restore). */
export async function pgDumpCommand(db: Db, url: string, file: string): Promise<string[]> {
  const schema = await currentSchema(db);
  return [
    'pg_dump',
    '--format=custom',
    '--no-owner',
    `--file=${file}`,
    ...(schema && schema !== 'public' ? [`--schema=${schema}`] : []),
    url,
  ];
}

export async function pgRestoreCommand(db: Db, url: string, file: string): Promise<string[]> {
  const schema = await currentSchema(db);
  const command = ['pg_restore', '--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file];
  if (schema === null) return command;
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = ${schema}`.execute(db);
  const present = new Set(tables.rows.map((r) => r.name));
  const held: string[] = [];
  for (const name of Object.keys(TABLE_PLAN)) {
    if (!present.has(name) || !TABLE_PLAN[name as keyof typeof TABLE_PLAN].copy) continue;
    const row = await sql`select 1 from ${sql.table(name)} limit 1`.execute(db);
    if (row.rows.length) held.push(name);
  }
  if (held.length) throw notEmpty(held);
  if (present.size) {
    throw new RestoreRefusedError(
      `schema ${schema} already has tables; pg_restore needs an empty database. Create one (createdb) or drop the schema first.`,
    );
  }
  return command;
}

/** Runs a PostgreSQL client program; false when it is not installed. */
export function runPgTool(command: string[]): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(false) : reject(error)));
    child.on('close', (code) =>
      code === 0 ? resolve(true) : reject(new Error(`${command[0]} stopped with exit code ${code}`)),
    );
  });
}
