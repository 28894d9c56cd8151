import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';
import { HistoryFileError } from '../features/history/index.js';
import { importHistoryFile, memberByEmail, reportLines } from '../features/member-history/index.js';
import { DEFAULT_BALLOT_RULES } from '../features/ratings/index.js';
import { NO_REVIEW_HOOKS } from '../features/reviews/index.js';
import { loadSettings } from '../features/settings/index.js';
import { createWriter } from '../kernel/unit-of-work.js';

/** A bar on a terminal; elsewhere (logs) one line a second, since a redrawn bar fills a log with control codes. */
function progressOf(file: string) {
  const stream = process.stderr;
  let bar: cliProgress.SingleBar | null = null;
  let total = 0;
  let last = 0;
  return {
    start(rows: number) {
      total = rows;
      if (!stream.isTTY) return;
      bar = new cliProgress.SingleBar(
        { format: `Importing ${file} [{bar}] {percentage}% | {value}/{total} rows`, stream, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(rows, 0);
    },
    update(processed: number) {
      if (bar) bar.update(processed);
      else if (Date.now() - last >= 1000) {
        last = Date.now();
        stream.write(`Importing ${file}: ${processed}/${total} rows\n`);
      }
    },
    stop: () => bar?.stop(),
  };
}

/**
 * `reelhouse member-import --email E FILE`: a member's Letterboxd, IMDb or Trakt history (or our own export) applied
 * as on their settings page. Every unmatched or ambiguous row is printed with its file and line; a refused file exits
 * with 1 and changes nothing. Reviews are judged by the site's moderation rules (the spam filter's checks run only on
 * the site's own form: an operator running this vouches for the file).
 */
export function registerMemberImport(program: Command): void {
  program
    .command('member-import')
    .description("apply a member's Letterboxd / IMDb / Trakt export to their account; re-running it changes nothing")
    .argument('<file>', 'the export: a Letterboxd or Trakt ZIP, an IMDb CSV, or a Reelhouse history ZIP')
    .requiredOption('--email <email>', "the member's email address")
    .option('--private', 'make the imported diary entries private (default: public)')
    .action(async (file: string, options: { email: string; private?: boolean }) => {
      if (!fs.existsSync(file)) throw new Error(`member-import: ${file} does not exist`);
      const config = loadConfig();
      const db = createDb(config.database);
      const progress = progressOf(file);
      try {
        await migrateToLatest(db);
        const member = await memberByEmail(db, options.email);
        if (!member) throw new Error(`member-import: no member has the address ${options.email}`);
        // No page cache in this process: other instances learn of the change from the change log.
        const writer = createWriter(db, { invalidate() {}, effectFailed: (error) => Promise.reject(error) });
        const deps = {
          db,
          writer,
          now: () => new Date(),
          ballotRules: { ...DEFAULT_BALLOT_RULES, votesPerIpPerFilm: config.engagement.votesPerIpPerFilm },
          reviews: { settings: await loadSettings(db), hooks: NO_REVIEW_HOOKS },
        };
        const owner = {
          id: member.id,
          handle: member.handle,
          displayName: member.display_name,
          visitorId: member.visitor_id,
          confirmed: member.confirmed_at !== null,
          ipHash: 'cli',
          userAgent: 'reelhouse member-import',
        };
        const report = await importHistoryFile(
          deps,
          owner,
          { path: file },
          {
            visibility: options.private ? 'private' : 'public',
            onTotal: (total) => progress.start(total),
            onProgress: (n) => progress.update(n),
          },
        );
        progress.stop();
        for (const line of reportLines(report)) process.stdout.write(`${line}\n`);
      } catch (error) {
        progress.stop();
        if (!(error instanceof HistoryFileError)) throw error;
        process.stderr.write(`member-import: refused, nothing was imported: ${error.message}\n`);
        process.exitCode = 1;
      } finally {
        await db.destroy();
      }
    });
}
