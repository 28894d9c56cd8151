import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { registerBackup } from './cli/backup.js';
import { registerMemberImport } from './cli/member-import.js';
import { registerMigrateData } from './cli/migrate-data.js';
import { promptHidden, readAllStdin } from './cli/prompt.js';
import { ConfigError, loadConfig } from './config.js';
import { RestoreRefusedError } from './db/backup.js';
import { createDb } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { TargetNotEmptyError } from './db/transfer/transfer.js';
import { AccountError, createApiTokenForEmail, createUser } from './features/accounts/index.js';
import { eraseCommenter, exportCommenter } from './features/comments/index.js';
import {
  createProgressReporter,
  importLimitsOf,
  isImportFormat,
  runDisqusImport,
  runImport,
  runWxrImport,
  type WxrImportSummary,
} from './features/importers/index.js';
import { mailCommenterData } from './features/mail/index.js';
import { membersCommenterData } from './features/members/index.js';
import {
  DEFAULT_AUDIENCE_DIR,
  DEFAULT_DATA_DIR,
  DEFAULT_TRUTH,
  type EvalCommandOptions,
  followCliImport,
  measureEditLoopDelay,
  measureFilmUpdate,
  rebuildRelatedWithReport,
  runRelatedEval,
  workOffQueue,
} from './features/related/index.js';
import { registerSpamCli } from './features/spam/index.js';
import { createWriter } from './kernel/unit-of-work.js';
import { serve } from './main.js';

const program = new Command()
  .name('reelhouse')
  .description('Reelhouse: a self-hosted movie catalog and community site')
  .showHelpAfterError();

/** What the commenter export and erase cover besides comments: mail, and a member account with everything it holds. */
const COMMENTER_DATA = [mailCommenterData, membersCommenterData];

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
  .requiredOption('--format <format>', 'wikipedia-json, csv, wxr (a WordPress export) or disqus', (value) => {
    if (!isImportFormat(value) && value !== 'wxr' && value !== 'disqus')
      throw new InvalidArgumentError('expected wikipedia-json, csv, wxr or disqus');
    return value;
  })
  .option('--source <name>', 'idempotency namespace for this source (default: the format name)')
  .option('--film-categories <names>', 'wxr: comma-separated categories whose posts are films (default: every post)')
  .option('--dry-run', 'wxr, disqus: read the whole file and print what would be imported, writing nothing')
  .option('--media-dir <dir>', "wxr: a local copy of the site's wp-content/uploads, for featured images → posters")
  .option(
    '--fetch-media',
    'wxr: download featured images missing from --media-dir (images only, 10 MB, 15 s, 3 redirects)',
  )
  .option('--no-related', 'skip recomputing related films afterwards (when importing several files in a row)')
  .action(async (file: string, options: ImportCommandOptions) => {
    // Checked before the database is opened, so a mistyped path neither creates a database nor prints a bare errno.
    await checkImportFile(file);
    if (options.format === 'wxr') return importWxr(file, options);
    if (options.format === 'disqus') return importDisqus(file, options);
    const config = loadConfig();
    const db = createDb(config.database);
    try {
      await migrateToLatest(db);
      const progress = createProgressReporter(`Importing ${file}`, undefined);
      const since = new Date().toISOString();
      const summary = await runImport(db, {
        file,
        format: options.format as 'wikipedia-json' | 'csv',
        source: options.source,
        limits: importLimitsOf(config.limits),
        onProgress: (p) => progress.update(p),
      }).catch((error: unknown) => {
        progress.stop();
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`import of ${file} (--format ${options.format}) stopped: ${reason}`);
      });
      progress.stop();
      for (const row of summary.rejected) process.stderr.write(`${file}: ${row.position}: rejected: ${row.reason}\n`);
      process.stdout.write(
        `Imported ${file}: ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected.length} rejected.\n`,
      );
      if (summary.rejected.length) process.exitCode = 1;
      if (options.related && summary.inserted + summary.updated > 0)
        await followCliImport(db, { since, changed: summary.inserted + summary.updated }, (line) =>
          process.stdout.write(`${line}\n`),
        );
    } finally {
      await db.destroy();
    }
  });

program
  .command('related')
  .description('related films ("Check Also"): recompute every film\'s list from the catalog, likes and votes')
  .option('--rebuild', 'recompute every list now')
  .option('--measure-update <slug>', 'time the update that follows an admin edit of this film (writes its lists)')
  .option('--measure-loop <slug>', 'event-loop delay while the queue worker follows an edit of this film')
  .option('--work', 'work off the related-films queue until it is empty (a worker outside the web process)')
  .action(async (options: { rebuild?: boolean; measureUpdate?: string; measureLoop?: string; work?: boolean }) => {
    if (!options.rebuild && !options.measureUpdate && !options.measureLoop && !options.work)
      throw new InvalidArgumentError('related: say --rebuild, --work, --measure-update or --measure-loop');
    const db = createDb(loadConfig().database);
    try {
      await migrateToLatest(db);
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (options.rebuild) await rebuildRelatedWithReport(db, out);
      if (options.measureUpdate) await measureFilmUpdate(db, options.measureUpdate, out);
      if (options.measureLoop) await measureEditLoopDelay(db, loadConfig().database, options.measureLoop, out);
      if (options.work) out(`Related films: ${await workOffQueue(db)} queued films followed.`);
    } finally {
      await db.destroy();
    }
  });

program
  .command('related-eval')
  .description('score related-film rankings against a ground truth of related pairs (npm run eval:related)')
  .option('--truth <file>', 'ground truth, JSON Lines {"film": slug, "relevant": [slug, …]}', DEFAULT_TRUTH)
  .option('--data <dir>', 'the Wikipedia movie data set, imported into --db on first use', DEFAULT_DATA_DIR)
  .option('--db <file>', 'SQLite file for the evaluation catalog', 'var/eval-related.db')
  .option('--write-truth', 'rebuild the ground truth from the data set first')
  .option('--ranking <file>', 'also score a ranking: JSON Lines {"film": slug, "ranked": [slug, …]}')
  .option('--show <n>', "print n films' lists with their reasons", (v) => Number.parseInt(v, 10))
  .option(
    '--audience <dir>',
    'MovieLens ml-latest-small (outside the repository), skipped when absent',
    DEFAULT_AUDIENCE_DIR,
  )
  .option('--fit', 'search the model weights on the fit half of the audience truth')
  .option('--thin <chars>', 'count films with a shorter synopsis whose first match shares one story word only', (v) =>
    Number.parseInt(v, 10),
  )
  .action(async (options: EvalCommandOptions) => {
    await runRelatedEval(options, (line) => process.stdout.write(`${line}\n`));
  });

interface ImportCommandOptions {
  format: 'wikipedia-json' | 'csv' | 'wxr' | 'disqus';
  source?: string;
  related: boolean;
  filmCategories?: string;
  dryRun?: boolean;
  mediaDir?: string;
  fetchMedia?: boolean;
}

function wxrReport(file: string, s: WxrImportSummary, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'Dry run (nothing written) of' : 'Imported'} ${file}:`,
    `  films: ${s.films.inserted} new, ${s.films.updated} updated, ${s.films.unchanged} unchanged, ${s.films.keptEdited} kept as edited here`,
    `  unpublished film posts (admins only): ${s.unpublished}`,
    `  pages (other posts and WordPress pages): ${s.pages.inserted} new, ${s.pages.updated} updated, ${s.pages.unchanged} unchanged, ${s.pages.keptEdited} kept as edited here; ${s.pages.unpublished} unpublished`,
    `  comments: ${s.comments.approved} approved, ${s.comments.pending} pending, ${s.comments.spam} spam, ${s.comments.trash} trash; ${s.pingbacks} pingbacks/trackbacks skipped`,
    `  ratings imported: ${s.ratings}`,
    `  posters from featured images: ${s.posters}`,
    `  categories: ${s.categories}`,
    `  tags: ${s.tags}`,
    `  redirects from old addresses: ${s.redirects}`,
    `  skipped: ${Object.keys(s.skipped).length ? '' : 'none'}`,
    ...Object.entries(s.skipped).map(([reason, n]) => `    ${n} × ${reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function importWxr(file: string, options: ImportCommandOptions): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.database);
  try {
    await migrateToLatest(db);
    const progress = createProgressReporter(`Importing ${file}`, undefined);
    const since = new Date().toISOString();
    const summary = await runWxrImport(db, {
      file,
      filmCategories: (options.filmCategories ?? '').split(','),
      dryRun: options.dryRun,
      limits: importLimitsOf(config.limits),
      ipSalt: config.ipHashSalt,
      media:
        options.mediaDir || options.fetchMedia
          ? {
              dir: options.mediaDir ? path.resolve(options.mediaDir) : undefined,
              fetch: options.fetchMedia === true,
              posterDir: config.posterDir,
            }
          : undefined,
      onProgress: (n) => progress.update({ processed: n, inserted: 0, updated: 0, unchanged: 0, rejected: 0 }),
    }).catch((error: unknown) => {
      progress.stop();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`import of ${file} (--format wxr) stopped: ${reason}`);
    });
    progress.stop();
    process.stdout.write(wxrReport(file, summary, options.dryRun === true));
    const changed = summary.films.inserted + summary.films.updated;
    if (!options.dryRun && options.related && changed > 0)
      await followCliImport(db, { since, changed }, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await db.destroy();
  }
}

async function importDisqus(file: string, options: ImportCommandOptions): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.database);
  try {
    await migrateToLatest(db);
    const progress = createProgressReporter(`Importing ${file}`, undefined);
    const s = await runDisqusImport(db, {
      file,
      dryRun: options.dryRun,
      limits: importLimitsOf(config.limits),
      ipSalt: config.ipHashSalt,
      onProgress: (n) => progress.update({ processed: n, inserted: 0, updated: 0, unchanged: 0, rejected: 0 }),
    }).catch((error: unknown) => {
      progress.stop();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`import of ${file} (--format disqus) stopped: ${reason}`);
    });
    progress.stop();
    const lines = [
      `${options.dryRun ? 'Dry run (nothing written) of' : 'Imported'} ${file}:`,
      `  threads: ${s.threads.byLink} matched by link, ${s.threads.byTitle} by title, ${s.threads.unmatched} matched no film`,
      `  comments: ${s.comments.approved} approved, ${s.comments.pending} pending, ${s.comments.spam} spam, ${s.comments.trash} trash; ${s.unchanged} already imported`,
      `  skipped: ${Object.keys(s.skipped).length ? '' : 'none'}`,
      ...Object.entries(s.skipped).map(([reason, n]) => `    ${n} × ${reason}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await db.destroy();
  }
}

/** A clear message for the usual mistakes (a typo in the path, a folder) instead of a bare ENOENT/EISDIR. */
async function checkImportFile(file: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    const reason = code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new Error(`cannot import ${file}: ${reason}`);
  }
  if (!stat.isFile()) throw new Error(`cannot import ${file}: not a file`);
}

program
  .command('create-admin')
  .description('create an admin account (password from a prompt, or --password-stdin)')
  .requiredOption('--email <email>', "the admin's email address, used to log in")
  .option('--password-stdin', 'read the password from standard input')
  .option('--role <role>', 'admin or moderator', 'admin')
  .action(async (options: { email: string; passwordStdin?: boolean; role: string }) => {
    if (options.role !== 'admin' && options.role !== 'moderator')
      throw new Error('--role: expected admin or moderator');
    const password = options.passwordStdin ? await readAllStdin() : await promptHidden('Password (12+ characters): ');
    const db = createDb(loadConfig().database);
    try {
      await migrateToLatest(db);
      await createUser(
        db,
        { email: options.email, role: options.role, password },
        { id: null, label: 'cli' },
        new Date(),
      );
      process.stdout.write(`Created ${options.role} ${options.email.trim().toLowerCase()}. Log in at /admin/login.\n`);
    } finally {
      await db.destroy();
    }
  });

const token = program.command('token').description('API tokens for the admin API');
token
  .command('create')
  .description('create an API token for an account; prints it once (only a hash is stored)')
  .requiredOption('--email <email>', 'the account the token acts as')
  .requiredOption('--name <name>', 'what the token is for, e.g. "nightly import"')
  .action(async (options: { email: string; name: string }) => {
    const db = createDb(loadConfig().database);
    try {
      await migrateToLatest(db);
      const created = await createApiTokenForEmail(db, options.email, options.name, new Date());
      process.stdout.write(`${created.token}\n`);
      process.stderr.write('Store this token now: it is not shown again.\n');
    } finally {
      await db.destroy();
    }
  });

program
  .command('commenter-export')
  .description('print, as JSON, every comment and stored detail for an email address')
  .requiredOption('--email <email>', "the commenter's email address")
  .action(async (options: { email: string }) => {
    const db = createDb(loadConfig().database);
    try {
      await migrateToLatest(db);
      process.stdout.write(
        `${JSON.stringify(await exportCommenter(db, options.email, new Date(), COMMENTER_DATA), null, 2)}\n`,
      );
    } finally {
      await db.destroy();
    }
  });

program
  .command('commenter-erase')
  .description('anonymise (default) or delete every comment of an email address')
  .requiredOption('--email <email>', "the commenter's email address")
  .option('--delete', 'delete the comments instead of anonymising them')
  .action(async (options: { email: string; delete?: boolean }) => {
    const db = createDb(loadConfig().database);
    try {
      await migrateToLatest(db);
      const mode = options.delete ? 'delete' : 'anonymise';
      // No page cache in this process: other instances see the bumped content version.
      const writer = createWriter(db, {
        invalidate() {},
        effectFailed(error) {
          throw error;
        },
      });
      const count = await writer.write((uow) =>
        eraseCommenter(uow, options.email, mode, { id: null, label: 'cli' }, new Date(), COMMENTER_DATA),
      );
      process.stdout.write(`${mode === 'delete' ? 'Deleted' : 'Anonymised'} ${count} comment(s).\n`);
    } finally {
      await db.destroy();
    }
  });

registerSpamCli(program);
registerMigrateData(program);
registerBackup(program);
registerMemberImport(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof AccountError ||
    error instanceof TargetNotEmptyError ||
    error instanceof RestoreRefusedError
  )
    process.stderr.write(`${error.message}\n`);
  else if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
    process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`reelhouse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
