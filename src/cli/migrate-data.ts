import type { Command } from 'commander';
import { parseDatabaseUrl } from '../config.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';
import type { TableReport } from '../db/transfer/transfer.js';
import { transferData } from '../db/transfer/transfer.js';

interface MigrateDataOptions {
  from: string;
  to: string;
  overwriteTarget?: boolean;
  batchSize: number;
}

/** `reelhouse migrate-data`: a SQLite site's whole database copied into PostgreSQL (decision 031). */
export function registerMigrateData(program: Command): void {
  program
    .command('migrate-data')
    .description('copy every table of a SQLite database into PostgreSQL, keeping ids; resumable; verified by checksums')
    .requiredOption('--from <url>', 'the database to copy, sqlite:FILE')
    .requiredOption(
      '--to <url>',
      'the PostgreSQL database to copy into, postgres://user@host/db (empty, or this move stopped half-way)',
    )
    .option('--overwrite-target', 'delete every row the target holds in the copied tables first, instead of refusing')
    .option(
      '--batch-size <rows>',
      'rows per batch (each batch is one transaction)',
      (v) => Number.parseInt(v, 10),
      1000,
    )
    .action(async (options: MigrateDataOptions) => {
      const from = parseDatabaseUrl(options.from);
      const to = parseDatabaseUrl(options.to);
      if (typeof from === 'string' || from.dialect !== 'sqlite')
        throw new Error(`--from: expected sqlite:FILE, got "${options.from}"`);
      if (typeof to === 'string' || to.dialect !== 'postgres')
        throw new Error(`--to: expected postgres://…, got "${options.to}"`);
      if (!Number.isSafeInteger(options.batchSize) || options.batchSize < 1)
        throw new Error('--batch-size: expected a whole number of rows, 1 or more');
      const source = createDb(from);
      const target = createDb(to);
      const out = (line: string) => process.stdout.write(`${line}\n`);
      try {
        // The source is brought to this version's schema too (what `serve` would do), so both sides have the same columns.
        await migrateToLatest(source);
        await migrateToLatest(target);
        let shown = '';
        const reports = await transferData({
          source,
          target,
          sourceLabel: from.file,
          overwriteTarget: options.overwriteTarget === true,
          batchSize: options.batchSize,
          onProgress: ({ table, copied, total }) => {
            if (table !== shown && shown) process.stderr.write('\n');
            shown = table;
            process.stderr.write(`\rcopying ${table}: ${copied}/${total} rows`);
          },
        });
        if (shown) process.stderr.write('\n');
        for (const line of reportLines(reports)) out(line);
        if (reports.some((r) => !r.ok)) {
          process.exitCode = 1;
          out('Some tables differ: the target is not a faithful copy (see "DIFFERS" above).');
        } else out(`Copied ${from.file} into PostgreSQL: every table has the same rows on both sides.`);
      } finally {
        await Promise.all([source.destroy(), target.destroy()]);
      }
    });
}

function reportLines(reports: TableReport[]): string[] {
  const width = Math.max(...reports.map((r) => r.table.length));
  const lines = [`${'table'.padEnd(width)}  ${'rows'.padStart(9)}  ${'checksum'.padEnd(16)}  result`];
  for (const r of reports) {
    const result = r.ok ? 'ok' : `DIFFERS (target: ${r.targetRows} rows, ${r.targetChecksum})`;
    lines.push(`${r.table.padEnd(width)}  ${String(r.sourceRows).padStart(9)}  ${r.sourceChecksum}  ${result}`);
  }
  return lines;
}
