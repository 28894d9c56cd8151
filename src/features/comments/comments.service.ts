import type { Db, DbOrTx } from '../../db/database.js';
import type { Tx, UnitOfWork, Writer } from '../../kernel/unit-of-work.js';
import type { SiteSettings } from '../settings/index.js';
import {
  bodyHash,
  type CommentInput,
  type CommentNode,
  decideStatus,
  type FieldErrors,
  type FormExtra,
  type PrivacySection,
  type SpamVerdict,
  validateComment,
} from './comment.js';
import { countApprovedComments } from './comment-counts.repository.js';
import {
  type CommentRow,
  findComment,
  floodCountsInTurn,
  insertComment,
  listRecentApproved,
  listVisibleComments,
  senderHistory,
} from './comments.repository.js';
import type { CommentStatus, CommentTable } from './comments.table.js';

/** What a spam check sees of a new comment; the spam filter feature plugs checks in through CommentHooks. */
export interface SpamCheckInput {
  filmId: number;
  comment: CommentInput;
  visitorId: string | null;
  ipHash: string;
  /** The raw address, held in memory only, for an optional third-party check the owner turned on; never stored. */
  ip?: string;
  userAgent: string;
  /** Extra form fields the spam filter put in the form (honeypot, signed timestamp), as posted. */
  formExtras: Record<string, string>;
  now: Date;
}

export type SpamCheck = (db: DbOrTx, input: SpamCheckInput) => Promise<SpamVerdict>;

/** What other features add to commenting; the composition root passes them in (server/routes.ts). */
export interface CommentHooks {
  /** Every new comment passes these before its status is decided; none means "not spam". */
  spamChecks: SpamCheck[];
  /** Told, inside the moderation's transaction, when a moderator marks comments spam or not spam. */
  onVerdict: Array<(tx: Tx, comments: CommentRow[], isSpam: boolean, now: Date) => Promise<void>>;
  /** Extra hidden fields for the comment form (the spam filter's honeypot and timestamp). */
  formExtras: FormExtra[];
  /** Where to say, on /privacy, what each check stores or sends (e.g. an optional third-party service). */
  privacyNotes: Array<() => string | null>;
  /**
   * Told, inside the write that stores it, about each new comment (mail to moderators about held ones). Runs in a
   * grouped write that may be re-run, so it only writes to the database.
   */
  onStored?: Array<(uow: UnitOfWork, comment: StoredComment, now: Date) => Promise<void>>;
  /** Other data kept about a commenter's address (mail subscriptions, outbox), for export and erase. */
  commenterData?: CommenterDataPart[];
  /** Told, inside the moderation's unit of work, about comments a moderator just approved (reply notifications). */
  onApproved?: Array<(uow: UnitOfWork, commentIds: number[], now: Date) => Promise<void>>;
  /** Sections about what other features store, shown on /privacy (members' accounts). */
  privacySections?: PrivacySection[];
  /** More clean-up for the hourly purge (members never confirmed); each runs after the comments' own. */
  onPurge?: Array<(now: Date) => Promise<void>>;
}

/** What another feature keeps about a commenter's email address: included in the export, deleted by the erase. */
export interface CommenterDataPart {
  /** The key of this part in the export. */
  name: string;
  export(db: DbOrTx, email: string): Promise<unknown>;
  erase(tx: Tx, email: string): Promise<number>;
}

/** A comment just stored, as onStored hooks see it. */
export interface StoredComment {
  id: number;
  filmId: number;
  parentId: number | null;
  status: CommentStatus;
  authorName: string;
  authorEmail: string;
  body: string;
  /** "Email me when someone replies" was ticked. */
  notifyReplies: boolean;
}

export const NO_COMMENT_HOOKS: CommentHooks = { spamChecks: [], onVerdict: [], formExtras: [], privacyNotes: [] };

/** Combine the checks: scores add up (each is a contribution), reasons are all kept for the moderator. */
export async function runSpamChecks(db: DbOrTx, hooks: CommentHooks, input: SpamCheckInput): Promise<SpamVerdict> {
  const verdicts = await Promise.all(hooks.spamChecks.map((check) => check(db, input)));
  return {
    score: Math.min(
      1,
      verdicts.reduce((sum, v) => sum + v.score, 0),
    ),
    reasons: verdicts.flatMap((v) => v.reasons),
  };
}

export type NewCommentRow = Omit<CommentTable, 'id' | 'author_hidden'>;

/** Store a new comment; an approved one is on its film's page at once, so it retires that page. */
export async function storeComment(uow: UnitOfWork, row: NewCommentRow): Promise<number> {
  const id = await insertComment(uow.tx, row);
  if (row.status === 'approved') {
    uow.touched(`film:${row.film_id}`);
    uow.touched('discussion');
  }
  return id;
}

export type PostResult =
  | { ok: true; id: number; status: CommentStatus; reasons: string[] }
  | { ok: false; kind: 'invalid'; errors: FieldErrors; input: CommentInput }
  | { ok: false; kind: 'duplicate'; existingId: number }
  | { ok: false; kind: 'flood'; retryAfterS: number };

/** Comments a minute: one person types slowly; one network (an office, a campus) holds many people. */
export interface FloodLimits {
  perVisitorPerMinute: number;
  perIpPerMinute: number;
}
export const DEFAULT_FLOOD_LIMITS: FloodLimits = { perVisitorPerMinute: 5, perIpPerMinute: 30 };
const FLOOD_WINDOW_MS = 60_000;
export const DUPLICATE_WINDOW_MS = 24 * 3600_000;

async function depthOf(db: DbOrTx, comment: CommentRow): Promise<number> {
  let depth = 1;
  let parentId = comment.parent_id;
  while (parentId !== null && depth < 20) {
    const parent = await findComment(db, parentId);
    if (!parent) break;
    depth++;
    parentId = parent.parent_id;
  }
  return depth;
}

/**
 * Post a comment: validate, refuse floods and duplicates, check the reply target, run the spam checks, apply the
 * moderation rules, store. Everything is kept whatever its status; nothing is dropped without a record. The row is
 * stored through the writer's group commit (decision 014): comments posted at the same moment share one transaction.
 */
export async function postComment(
  db: Db,
  deps: { writer: Writer; settings: SiteSettings; hooks: CommentHooks; now: Date; flood?: FloodLimits },
  filmId: number,
  raw: Partial<Record<keyof CommentInput | 'notifyReplies', unknown>>,
  who: { visitorId: string | null; ipHash: string; userAgent: string; ip?: string },
  formExtras: Record<string, string> = {},
  /** A reply to a member's review (features/reviews): flat, shown on the review's page. */
  target: { reviewId?: number } = {},
): Promise<PostResult> {
  const { input, errors } = validateComment(target.reviewId ? { ...raw, parentId: null } : raw);
  if (Object.keys(errors).length) return { ok: false, kind: 'invalid', errors, input };
  const now = deps.now;
  const iso = now.toISOString();

  const limits = deps.flood ?? DEFAULT_FLOOD_LIMITS;
  const hash = bodyHash(input.body);
  const flood = {
    visitorId: who.visitorId,
    ipHash: who.ipHash,
    floodSince: new Date(now.getTime() - FLOOD_WINDOW_MS).toISOString(),
    cap: Math.max(limits.perVisitorPerMinute, limits.perIpPerMinute),
  };
  const flooding = (counts: { visitor: number; network: number }) =>
    counts.visitor >= limits.perVisitorPerMinute || counts.network >= limits.perIpPerMinute;
  const refused: PostResult = { ok: false, kind: 'flood', retryAfterS: FLOOD_WINDOW_MS / 1000 };
  const history = await senderHistory(db, {
    ...flood,
    email: input.authorEmail,
    filmId,
    bodyHash: hash,
    duplicateSince: new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString(),
  });
  if (flooding(history)) return refused;
  if (history.duplicateId !== null) return { ok: false, kind: 'duplicate', existingId: history.duplicateId };

  if (input.parentId !== null) {
    const parent = await findComment(db, input.parentId);
    const visible =
      parent && (parent.status === 'approved' || (parent.status === 'pending' && parent.visitor_id === who.visitorId));
    if (!parent || parent.film_id !== filmId || !visible) {
      return {
        ok: false,
        kind: 'invalid',
        errors: { parentId: 'The comment you replied to is not there any more.' },
        input,
      };
    }
    // Replies past the depth limit attach to the deepest allowed level instead of failing.
    if ((await depthOf(db, parent)) >= deps.settings.commentThreadDepth) input.parentId = parent.parent_id;
  }

  const spam = await runSpamChecks(db, deps.hooks, {
    filmId,
    comment: input,
    visitorId: who.visitorId,
    ipHash: who.ipHash,
    ip: who.ip,
    userAgent: who.userAgent,
    formExtras,
    now,
  });
  const { status, reasons } = decideStatus(
    input,
    { hasApprovedBefore: history.hasApprovedBefore, spam },
    deps.settings,
  );

  const row: NewCommentRow = {
    film_id: filmId,
    parent_id: input.parentId,
    author_name: input.authorName,
    author_email: input.authorEmail,
    author_url: input.authorUrl || null,
    body: input.body,
    status,
    reasons: JSON.stringify(reasons),
    spam_score: deps.hooks.spamChecks.length ? spam.score : null,
    body_hash: hash,
    visitor_id: who.visitorId,
    ip_hash: who.ipHash,
    user_agent: who.userAgent.slice(0, 300),
    created_at: iso,
    updated_at: iso,
    status_changed_at: iso,
    review_id: target.reviewId ?? null,
  };
  const id = await deps.writer.writeGrouped(async (uow) => {
    // Checked again in turn with comments written meanwhile, here or on another instance (decision 030).
    if (flooding(await floodCountsInTurn(uow.tx, flood))) return null;
    const id = await storeComment(uow, row);
    const stored: StoredComment = {
      id,
      filmId,
      parentId: row.parent_id,
      status,
      authorName: row.author_name,
      authorEmail: row.author_email,
      body: row.body,
      notifyReplies: raw.notifyReplies === true || raw.notifyReplies === '1',
    };
    for (const hook of deps.hooks.onStored ?? []) await hook(uow, stored, now);
    return id;
  });
  if (id === null) return refused;
  return { ok: true, id, status, reasons };
}

/** Threads, oldest first, one page of top-level threads at a time. */
export async function getFilmComments(
  db: DbOrTx,
  filmId: number,
  visitorId: string | null,
  options: { page: number; threadsPerPage: number },
) {
  const rows = await listVisibleComments(db, filmId, visitorId);
  const nodes = new Map<number, CommentNode>();
  for (const r of rows) {
    nodes.set(r.id, {
      id: r.id,
      parentId: r.parent_id,
      authorName: r.author_name,
      authorUrl: r.author_url,
      body: r.body,
      createdAt: r.created_at,
      status: r.status,
      depth: 1,
      replies: [],
    });
  }
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId !== null ? nodes.get(node.parentId) : undefined;
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  const setDepth = (node: CommentNode, depth: number) => {
    node.depth = depth;
    for (const reply of node.replies) setDepth(reply, depth + 1);
  };
  for (const root of roots) setDepth(root, 1);
  const approvedCount = rows.filter((r) => r.status === 'approved').length;
  const pageCount = Math.max(1, Math.ceil(roots.length / options.threadsPerPage));
  const page = Math.min(Math.max(1, options.page), pageCount);
  const threads = roots.slice((page - 1) * options.threadsPerPage, page * options.threadsPerPage);
  return { threads, approvedCount, page, pageCount };
}

/** Every thread of a film at once (the API), and how many comments are approved. */
export async function getAllFilmComments(db: DbOrTx, filmId: number, visitorId: string | null) {
  const { threads } = await getFilmComments(db, filmId, visitorId, { page: 1, threadsPerPage: 100_000 });
  return { threads, count: await countApprovedComments(db, filmId) };
}

/** The comment a reply form answers, when it is an approved comment on this film; anything else is no target. */
export async function replyTarget(db: DbOrTx, filmId: number, commentId: number | null) {
  const target = commentId ? await findComment(db, commentId) : undefined;
  return target && target.film_id === filmId && target.status === 'approved'
    ? { id: target.id, authorName: target.author_name }
    : null;
}

const FEED_SIZE = 50;

/** The latest approved comments, site-wide or on one film, for the comment feeds. */
export async function recentComments(db: DbOrTx, filmId?: number) {
  return listRecentApproved(db, FEED_SIZE, filmId);
}
