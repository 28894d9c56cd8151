import type { Db, DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { moderationOffPath } from './links.js';
import type { ModerationMailMode } from './mail.table.js';
import type { MailMessage } from './message.js';
import {
  claimDigest,
  findModeratorMail,
  saveModeratorMail,
  setModeratorMailOff,
  staffWithMode,
} from './moderation.repository.js';
import { enqueueMail, insertMail } from './outbox.service.js';
import { type MailSite, renderMail } from './template.js';

/** A comment held for moderation, as the mail shows it. */
export interface HeldComment {
  id: number;
  authorName: string;
  body: string;
  filmTitle: string;
}

type Staff = { id: number; email: string; display_name: string };

const excerpt = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** The queue page with that comment: the approve and spam buttons are forms there (a GET never acts). */
const queueLink = (site: MailSite, id: number) => `${site.publicUrl}/admin/comments?status=pending#comment-${id}`;
const footer = (site: MailSite) => [
  `You get this because you chose it at ${site.publicUrl}/admin/notifications; change it there.`,
];

function heldMail(site: MailSite, secrets: string[], to: Staff, comment: HeldComment): MailMessage {
  return {
    kind: 'moderation',
    to: { address: to.email, name: to.display_name },
    unsubscribeUrl: `${site.publicUrl}${moderationOffPath(secrets, to.id)}`,
    subject: `Held for moderation: a comment by ${comment.authorName} on ${comment.filmTitle}`,
    ...renderMail(site, {
      heading: 'A comment waits for moderation',
      paragraphs: [`${comment.authorName} on ${comment.filmTitle}:`, excerpt(comment.body)],
      action: { label: 'Approve or mark as spam in the queue', url: queueLink(site, comment.id) },
      footer: footer(site),
    }),
  };
}

function digestMail(site: MailSite, secrets: string[], to: Staff, comments: HeldComment[]): MailMessage {
  const shown = comments.slice(0, 20);
  return {
    kind: 'moderation-digest',
    to: { address: to.email, name: to.display_name },
    unsubscribeUrl: `${site.publicUrl}${moderationOffPath(secrets, to.id)}`,
    subject: `${comments.length} comment(s) held for moderation on ${site.siteTitle}`,
    ...renderMail(site, {
      heading: `${comments.length} comment(s) wait for moderation`,
      paragraphs: [
        ...shown.map((c) => `${c.authorName} on ${c.filmTitle}: ${excerpt(c.body, 200)} (${queueLink(site, c.id)})`),
        ...(comments.length > shown.length ? [`…and ${comments.length - shown.length} more.`] : []),
      ],
      action: { label: 'Open the queue', url: `${site.publicUrl}/admin/comments?status=pending` },
      footer: footer(site),
    }),
  };
}

const COMMIT_GRACE_MS = 60_000;

/** Told when a comment is held: a mail to each moderator who wants one per comment, in the comment's own write. */
export async function mailHeldComment(
  uow: UnitOfWork,
  mail: { site: MailSite; secrets: string[] },
  comment: HeldComment,
  now: Date,
) {
  for (const staff of await staffWithMode(uow.tx, 'each')) {
    await enqueueMail(uow, heldMail(mail.site, mail.secrets, staff, comment), now);
  }
}

export interface DigestDeps {
  db: Db;
  site(): Promise<MailSite>;
  /** Keys the one-click "stop these mails" link is signed with (COOKIE_SECRET). */
  secrets: string[];
  /** Comments held after `since` (exclusive) up to `until` that are still pending (the comments feature answers). */
  heldBetween(db: DbOrTx, since: string, until: string): Promise<HeldComment[]>;
}

/**
 * Digests that are due: for each moderator on digest whose interval has passed, the comments held since the last
 * one. The "covered up to" mark moves in the same transaction as the mail is queued, and only if no other instance
 * moved it first.
 */
export async function sendModerationDigests(deps: DigestDeps, now: Date): Promise<number> {
  let sent = 0;
  const due = (await staffWithMode(deps.db, 'digest')).filter(
    (m) => !m.last_digest_at || Date.parse(m.last_digest_at) + m.digest_minutes * 60_000 <= now.getTime(),
  );
  if (due.length === 0) return 0;
  const site = await deps.site();
  // A comment's created_at is taken before its write commits: covering only up to a minute ago means one still
  // committing now is in the next digest rather than in none.
  const until = new Date(now.getTime() - COMMIT_GRACE_MS).toISOString();
  for (const staff of due) {
    const since = staff.last_digest_at ?? new Date(now.getTime() - staff.digest_minutes * 60_000).toISOString();
    if (since >= until) continue;
    sent += await deps.db.transaction().execute(async (tx) => {
      if (!(await claimDigest(tx, staff.id, staff.last_digest_at, until))) return 0;
      const held = await deps.heldBetween(tx, since, until);
      if (held.length === 0) return 0;
      await insertMail(tx, digestMail(site, deps.secrets, staff, held), now);
      return 1;
    });
  }
  return sent;
}

export const DIGEST_MINUTES = { min: 5, max: 1440, default: 60 };

export async function moderationMailChoice(db: DbOrTx, userId: number) {
  const row = await findModeratorMail(db, userId);
  return {
    mode: row?.mode ?? ('off' as ModerationMailMode),
    digestMinutes: row?.digest_minutes ?? DIGEST_MINUTES.default,
  };
}

export async function chooseModerationMail(
  uow: UnitOfWork,
  userId: number,
  choice: { mode: string; digestMinutes: number },
  now: Date,
) {
  if (!['off', 'each', 'digest'].includes(choice.mode)) {
    throw new AppError('invalid_field', 'mode: choose off, each or digest', 'mode');
  }
  const minutes = choice.digestMinutes;
  if (!Number.isInteger(minutes) || minutes < DIGEST_MINUTES.min || minutes > DIGEST_MINUTES.max) {
    throw new AppError(
      'invalid_field',
      `digestMinutes: ${DIGEST_MINUTES.min} to ${DIGEST_MINUTES.max}`,
      'digestMinutes',
    );
  }
  await saveModeratorMail(uow.tx, {
    userId,
    mode: choice.mode as ModerationMailMode,
    digestMinutes: minutes,
    now: now.toISOString(),
  });
}

/** The one-click "stop these mails" of a moderation mail: back to no mail about held comments. */
export async function turnModerationMailOff(uow: UnitOfWork, userId: number) {
  await setModeratorMailOff(uow.tx, userId);
}
