import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { backupSqlite, pgDumpCommand, pgRestoreCommand, restoreSqlite, runPgTool } from '../db/backup.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';

const shellQuote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/** `reelhouse backup FILE` and `reelhouse restore FILE` for the database DATABASE_URL names (decision 031). */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the database to FILE while the site keeps running (SQLite: online backup; PostgreSQL: pg_dump)')
    .argument('<file>', 'where to write the backup; must not exist yet')
    .action(async (file: string) => {
      if (fs.existsSync(file)) throw new Error(`backup: ${file} already exists; name a new file`);
      const { database } = loadConfig();
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (database.dialect === 'sqlite') {
        if (!fs.existsSync(database.file)) throw new Error(`backup: ${database.file} does not exist`);
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        await backupSqlite(database.file, file);
        out(
          `Backed up ${database.file} to ${file} (${fs.statSync(file).size} bytes). Restore: reelhouse restore ${file}`,
        );
        return;
      }
      const db = createDb(database);
      try {
        const command = await pgDumpCommand(db, database.url, file);
        if (await runPgTool(command))
          out(`Backed up the PostgreSQL database to ${file} with: ${command.map(shellQuote).join(' ')}`);
        else {
          out('pg_dump is not installed here. Run this where it is (PostgreSQL client tools):');
          out(`  ${command.map(shellQuote).join(' ')}`);
          process.exitCode = 1;
        }
      } finally {
        await db.destroy();
      }
    });

  program
    .command('restore')
    .description('restore a backup into the empty database DATABASE_URL names (refuses one that holds data)')
    .argument('<file>', 'a file written by `reelhouse backup`')
    .action(async (file: string) => {
      if (!fs.existsSync(file)) throw new Error(`restore: ${file} does not exist`);
      const { database } = loadConfig();
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (database.dialect === 'sqlite') {
        await restoreSqlite(file, database.file);
        const db = createDb(database);
        try {
          // A backup from an older version is brought up to this one's schema.
          await migrateToLatest(db);
        } finally {
          await db.destroy();
        }
        out(`Restored ${file} into ${database.file}.`);
        return;
      }
      const db = createDb(database);
      let command: string[];
      try {
        command = await pgRestoreCommand(db, database.url, file);
      } finally {
        await db.destroy();
      }
      if (!(await runPgTool(command))) {
        out('pg_restore is not installed here. Run this where it is (PostgreSQL client tools):');
        out(`  ${command.map(shellQuote).join(' ')}`);
        process.exitCode = 1;
        return;
      }
      out(`Restored ${file} into the PostgreSQL database.`);
    });
}
