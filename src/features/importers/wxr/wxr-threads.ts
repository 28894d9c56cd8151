import type { Tx } from '../../../kernel/unit-of-work.js';
import { hashIp } from '../../../kernel/visitor.js';
import { type ImportedComment, importComments } from '../../comments/index.js';
import { commentToText } from './convert.js';
import { decodeEntities } from './entities.js';
import type { WxrComment } from './wxr.js';
import { importedCommentIds, recordImportedComments } from './wxr-import.repository.js';
import type { WxrRun } from './wxr-run.js';
import type { WxrCommentStatus } from './wxr-summary.js';

const STATUS: Record<string, WxrCommentStatus> = {
  '1': 'approved',
  approve: 'approved',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'trash',
  'post-trashed': 'trash',
};

/** Rows per multi-row insert: 16 columns each stays far under SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const COMMENTS_PER_STATEMENT = 200;

/** "2014-03-01 10:00:00" (GMT) as the ISO time the database holds. */
const isoOf = (date: string, fallback: string) =>
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(date) && !date.startsWith('0000')
    ? `${date.replace(' ', 'T')}.000Z`
    : fallback;

/** One film's comments on their way in: ours maps WordPress ids to our ids (already imported, or just now). */
interface Thread {
  filmId: number;
  waiting: WxrComment[];
  ours: Map<string, number>;
  inFile: Set<string>;
}

/**
 * The comments of a batch of films, in the caller's transaction. Parents go in before their replies whatever the
 * file's order, one generation at a time across the whole batch (a few multi-row inserts, not one per comment); a
 * parent missing from the post's comments (or skipped) leaves a top-level reply. Comments imported before are left.
 */
export async function importThreads(run: WxrRun, tx: Tx, films: Array<{ filmId: number; comments: WxrComment[] }>) {
  const threads = films.map(({ filmId, comments }) => ({ filmId, comments: realComments(run, comments) }));
  const known = await importedCommentIds(
    tx,
    run.source,
    threads.flatMap((t) => t.comments.map((c) => c.id)),
  );
  const open: Thread[] = threads.map(({ filmId, comments }) => {
    const ours = new Map(comments.flatMap((c) => (known.has(c.id) ? [[c.id, known.get(c.id) ?? -1] as const] : [])));
    const waiting = comments.filter((c) => {
      if (ours.has(c.id)) return false;
      if (commentToText(c.content)) return true;
      run.skip('comment with no text');
      return false;
    });
    return { filmId, waiting, ours, inFile: new Set(waiting.map((c) => c.id)) };
  });
  for (let generation = nextGeneration(open); generation.length > 0; generation = nextGeneration(open))
    for (let at = 0; at < generation.length; at += COMMENTS_PER_STATEMENT)
      await insertGeneration(run, tx, generation.slice(at, at + COMMENTS_PER_STATEMENT));
}

/** Pingbacks and trackbacks are counted and left; so is a comment without an id (it could not be keyed). */
function realComments(run: WxrRun, comments: WxrComment[]): WxrComment[] {
  return comments.filter((c) => {
    if (c.type === 'pingback' || c.type === 'trackback') {
      run.summary.pingbacks++;
      return false;
    }
    return c.id !== '';
  });
}

/** Every waiting comment whose parent is in (or will never be); taken out of waiting. */
function nextGeneration(threads: Thread[]): Array<{ thread: Thread; comment: WxrComment }> {
  const out: Array<{ thread: Thread; comment: WxrComment }> = [];
  for (const thread of threads) {
    const { waiting, ours, inFile } = thread;
    if (waiting.length === 0) continue;
    const ready = waiting.filter(
      (c) => !c.parentId || c.parentId === '0' || ours.has(c.parentId) || !inFile.has(c.parentId),
    );
    // Replies in a loop (a corrupt export): the first one becomes top-level, which breaks the loop.
    const taken = ready.length > 0 ? ready : waiting.slice(0, 1);
    const takenSet = new Set(taken);
    thread.waiting = waiting.filter((c) => !takenSet.has(c));
    for (const comment of taken) out.push({ thread, comment });
  }
  return out;
}

async function insertGeneration(run: WxrRun, tx: Tx, chunk: Array<{ thread: Thread; comment: WxrComment }>) {
  const now = run.clock.now().toISOString();
  const rows: ImportedComment[] = chunk.map(({ thread, comment }) => ({
    filmId: thread.filmId,
    parentId: thread.ours.get(comment.parentId) ?? null,
    authorName: decodeEntities(comment.author).slice(0, 100) || 'Anonymous',
    authorEmail: comment.email.slice(0, 254),
    authorUrl: /^https?:\/\//i.test(comment.url) ? comment.url.slice(0, 500) : null,
    body: commentToText(comment.content).slice(0, 10_000),
    status: STATUS[comment.approved] ?? 'pending',
    ipHash: comment.ip ? hashIp(comment.ip, run.options.ipSalt) : null,
    createdAt: isoOf(comment.date, now),
  }));
  const ids = run.options.dryRun ? rows.map(() => -1) : await importComments(tx, rows);
  const pairs = chunk.map(({ comment }, i) => ({ wpId: comment.id, id: ids[i] ?? -1 }));
  if (!run.options.dryRun) await recordImportedComments(tx, run.source, pairs);
  for (const [i, { thread }] of chunk.entries()) {
    thread.ours.set(pairs[i]?.wpId ?? '', pairs[i]?.id ?? -1);
    run.summary.comments[rows[i]?.status ?? 'pending']++;
  }
}
