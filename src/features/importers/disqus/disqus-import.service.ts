import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db, DbOrTx } from '../../../db/database.js';
import { refreshStatistics } from '../../../db/dialect/index.js';
import { createWriter, type Writer } from '../../../kernel/unit-of-work.js';
import { hashIp } from '../../../kernel/visitor.js';
import { type Clock, systemClock } from '../../../lib/clock.js';
import { findFilm, findFilmIdByTitle } from '../../catalog/index.js';
import { importComment } from '../../comments/index.js';
import type { ImportLimits } from '../open-input.js';
import { commentToText } from '../wxr/convert.js';
import { decodeEntities } from '../wxr/entities.js';
import { legacyKey } from '../wxr/legacy-path.js';
import { findRedirectTarget, importedCommentIds, recordImportedComment } from '../wxr/wxr-import.repository.js';
import type { DisqusPost, DisqusThread } from './disqus.js';
import { readDisqus } from './disqus.reader.js';

type Status = 'approved' | 'pending' | 'spam' | 'trash';

export interface DisqusImportSummary {
  threads: { byLink: number; byTitle: number; unmatched: number };
  comments: Record<Status, number>;
  /** Already imported by an earlier run. */
  unchanged: number;
  skipped: Record<string, number>;
}

export interface DisqusImportOptions {
  file: string;
  limits: ImportLimits;
  ipSalt: string;
  dryRun?: boolean;
  clock?: Clock;
  writer?: Writer;
  onProgress?: (recordsRead: number) => void;
}

/** The film a thread was about: by its link (an imported permalink's stored redirect, or a film address), else title. */
async function filmOfThread(db: DbOrTx, thread: DisqusThread): Promise<{ id: number; by: 'link' | 'title' } | null> {
  const key = thread.link ? legacyKey(thread.link) : null;
  if (key) {
    const target = key.startsWith('/film/') ? key : await findRedirectTarget(db, key);
    const slug = target?.startsWith('/film/') ? target.slice('/film/'.length) : null;
    const film = slug ? await findFilm(db, slug) : null;
    if (film) return { id: film.id, by: 'link' };
  }
  const id = thread.title ? await findFilmIdByTitle(db, decodeEntities(thread.title)) : null;
  return id === null ? null : { id, by: 'title' };
}

const isoOf = (value: string, fallback: string) => {
  const time = Date.parse(value);
  return Number.isNaN(time) ? fallback : new Date(time).toISOString();
};

/**
 * Import a Disqus export's comments onto the films their threads were about. Keyed by the forum + Disqus post id, so a
 * re-run changes nothing and an interrupted one finishes. A reply read before its parent waits for it; one whose
 * parent never comes is imported at the top of its thread.
 */
export async function runDisqusImport(db: Db, options: DisqusImportOptions): Promise<DisqusImportSummary> {
  const clock = options.clock ?? systemClock;
  const writer = options.writer ?? createWriter(db, { invalidate() {}, effectFailed: (e) => Promise.reject(e) });
  const summary: DisqusImportSummary = {
    threads: { byLink: 0, byTitle: 0, unmatched: 0 },
    comments: { approved: 0, pending: 0, spam: 0, trash: 0 },
    unchanged: 0,
    skipped: {},
  };
  const skip = (reason: string) => {
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
  };
  /** Disqus thread id → film id (null: no film matched). */
  const films = new Map<string, number | null>();
  /** Disqus post id → our comment id, for the posts of this run and earlier ones as they are met. */
  const ours = new Map<string, number>();
  /** Replies waiting for their parent, by the parent's Disqus id. */
  const waiting = new Map<string, DisqusPost[]>();
  let forum = 'disqus';
  const sourceOf = () => `disqus:${forum}`;

  const write = async (post: DisqusPost, parentId: number | null) => {
    const filmId = films.get(post.threadId);
    if (filmId === undefined) return skip('post of a thread not in the export');
    if (filmId === null) return skip('post on a thread that matched no film');
    const body = commentToText(post.message).slice(0, 10_000);
    if (!body) return skip('post with no text');
    const status: Status = post.isSpam ? 'spam' : post.isDeleted ? 'trash' : post.isApproved ? 'approved' : 'pending';
    summary.comments[status]++;
    if (options.dryRun) {
      ours.set(post.id, -1);
      return;
    }
    const id = await writer.write(async ({ tx, touched }) => {
      const commentId = await importComment(tx, {
        filmId,
        parentId,
        authorName: decodeEntities(post.authorName).slice(0, 100) || 'Anonymous',
        authorEmail: post.authorEmail.slice(0, 254),
        authorUrl: null,
        body,
        status,
        ipHash: post.ip ? hashIp(post.ip, options.ipSalt) : null,
        createdAt: isoOf(post.createdAt, clock.now().toISOString()),
      });
      await recordImportedComment(tx, sourceOf(), post.id, commentId);
      touched('comments');
      return commentId;
    });
    ours.set(post.id, id);
  };

  /** Import a post, then the replies that were waiting for it (depth first, without recursion). */
  const importWithReplies = async (first: DisqusPost, parentId: number | null) => {
    const stack: Array<[DisqusPost, number | null]> = [[first, parentId]];
    while (stack.length) {
      const [post, parent] = stack.pop() as [DisqusPost, number | null];
      await write(post, parent);
      const mine = ours.get(post.id);
      for (const reply of waiting.get(post.id) ?? []) stack.push([reply, mine !== undefined && mine > 0 ? mine : null]);
      waiting.delete(post.id);
    }
  };

  const handlePost = async (post: DisqusPost) => {
    if (!post.id) return skip('post without dsq:id');
    const known = await importedCommentIds(db, sourceOf(), [post.id, post.parentId].filter(Boolean));
    for (const [wpId, id] of known) ours.set(wpId, id);
    if (known.has(post.id)) {
      summary.unchanged++;
      // Replies that waited for it go under it now.
      const replies = waiting.get(post.id) ?? [];
      waiting.delete(post.id);
      for (const reply of replies) await importWithReplies(reply, known.get(post.id) ?? null);
      return;
    }
    if (post.parentId && !ours.has(post.parentId)) {
      const list = waiting.get(post.parentId) ?? [];
      list.push(post);
      waiting.set(post.parentId, list);
      return;
    }
    const parent = post.parentId ? (ours.get(post.parentId) ?? null) : null;
    await importWithReplies(post, parent !== null && parent > 0 ? parent : null);
  };

  let read = 0;
  for await (const event of readDisqus(options.file, options.limits)) {
    if (++read > options.limits.maxRows)
      throw new Error(`the file holds more than ${options.limits.maxRows} records (IMPORT_MAX_ROWS)`);
    if (event.kind === 'thread') {
      const { thread } = event;
      if (thread.forum) forum = thread.forum;
      const film = await filmOfThread(db, thread);
      films.set(thread.id, film?.id ?? null);
      if (!film) summary.threads.unmatched++;
      else if (film.by === 'link') summary.threads.byLink++;
      else summary.threads.byTitle++;
    } else await handlePost(event.post);
    options.onProgress?.(read);
    if (read % 50 === 0) await nextTurn();
  }
  // Replies whose parent never came (deleted from Disqus before the export) go at the top of their thread.
  for (const replies of waiting.values()) for (const reply of replies) await importWithReplies(reply, null);
  // Fresh planner statistics for the comments that arrived (decision 030).
  await refreshStatistics(db);
  return summary;
}
