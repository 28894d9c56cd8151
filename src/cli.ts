import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './config.js';
import { createDb } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { createProgressReporter, isImportFormat, runImport } from './features/importers/index.js';
import { serve } from './main.js';

const program = new Command()
  .name('reelhouse')
  .description('Reelhouse: a self-hosted movie catalog and community site')
  .showHelpAfterError();

program
  .command('serve')
  .description('migrate the database, import the demo catalog when empty, and serve the site')
  .action(async () => {
    await serve(loadConfig());
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const db = createDb(loadConfig().database);
    try {
      const applied = await migrateToLatest(db);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
    } finally {
      await db.destroy();
    }
  });

program
  .command('import')
  .description('import films from a file (plain or .gz); re-running it changes nothing')
  .argument('<file>', 'the file to import')
  .requiredOption('--format <format>', 'wikipedia-json or csv', (value) => {
    if (!isImportFormat(value)) throw new InvalidArgumentError('expected wikipedia-json or csv');
    return value;
  })
  .option('--source <name>', 'idempotency namespace for this source (default: the format name)')
  .action(async (file: string, options: { format: 'wikipedia-json' | 'csv'; source?: string }) => {
    const db = createDb(loadConfig().database);
    try {
      await migrateToLatest(db);
      const progress = createProgressReporter(`Importing ${file}`, undefined);
      const summary = await runImport(db, {
        file,
        format: options.format,
        source: options.source,
        onProgress: (p) => progress.update(p),
      });
      progress.stop();
      for (const row of summary.rejected) process.stderr.write(`${file}: ${row.position}: rejected: ${row.reason}\n`);
      process.stdout.write(
        `Imported ${file}: ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected.length} rejected.\n`,
      );
      if (summary.rejected.length) process.exitCode = 1;
    } finally {
      await db.destroy();
    }
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
    process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`reelhouse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
