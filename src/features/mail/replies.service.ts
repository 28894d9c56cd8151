import { createHash, randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { signLink, verifyLink } from './links.js';
import { mailAddress } from './message.js';
import { enqueueMail } from './outbox.service.js';
import {
  addSubscription,
  claimReplyNotice,
  confirmedSubscribersOf,
  countRecentMail,
  deleteSubscriber,
  deleteSubscription,
  ensureSubscriber,
  findByConfirmHash,
  findSubscriberById,
  markConfirmed,
  setConfirmation,
} from './subscriptions.repository.js';
import { type MailSite, renderMail } from './template.js';

/** What reply notifications need besides the database. */
export interface ReplyMailDeps {
  site: MailSite;
  /** Keys unsubscribe links are signed with (COOKIE_SECRET): the first signs, all verify. */
  secrets: string[];
  /** Reply mails one address gets per 24 h at most; past it, replies are not mailed. */
  perDay: number;
}

const DAY_MS = 24 * 3600_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** "Stop mails for this thread" (a comment id) or "for all threads". */
export type UnsubscribeScope = number | 'all';

/**
 * The unsubscribe link of a subscriber: signed, not stored, so it works without a login or cookie (RFC 8058 one-click
 * POSTs carry neither) and cannot be guessed for another address.
 */
export const unsubscribePath = (secrets: string[], subscriberId: number, scope: UnsubscribeScope) =>
  `/mail/unsubscribe/${subscriberId}/${scope}/${signLink(secrets, `unsubscribe:${subscriberId}:${scope}`)}`;

export const verifyUnsubscribe = (secrets: string[], subscriberId: number, scope: UnsubscribeScope, sig: string) =>
  verifyLink(secrets, `unsubscribe:${subscriberId}:${scope}`, sig);

/**
 * "Email me when someone replies" ticked on a comment: the address is subscribed to replies to it. An address that
 * never confirmed gets a confirmation mail (at most one a day) and nothing else until it confirms.
 */
export async function subscribeToReplies(
  uow: UnitOfWork,
  deps: ReplyMailDeps,
  comment: { id: number; authorEmail: string; authorName: string; filmTitle: string },
  now: Date,
): Promise<void> {
  const email = mailAddress(comment.authorEmail);
  const subscriber = await ensureSubscriber(uow.tx, email, now.toISOString());
  await addSubscription(uow.tx, subscriber.id, comment.id, now.toISOString());
  if (subscriber.confirmed_at) return;
  if (subscriber.confirm_sent_at && Date.parse(subscriber.confirm_sent_at) > now.getTime() - DAY_MS) return;
  const token = randomBytes(24).toString('base64url');
  await setConfirmation(uow.tx, subscriber.id, sha256(token), now.toISOString());
  const { site } = deps;
  await enqueueMail(
    uow,
    {
      kind: 'confirm-replies',
      to: { address: email, name: comment.authorName },
      subject: `Confirm reply notifications from ${site.siteTitle}`,
      ...renderMail(site, {
        heading: 'Confirm: mail me replies to my comments',
        paragraphs: [
          `Someone (we hope you) commented on ${comment.filmTitle} at ${site.siteTitle} with this address and asked to be mailed when someone replies.`,
          'We send nothing more until you confirm. If it was not you, ignore this mail.',
        ],
        action: { label: 'Confirm', url: `${site.publicUrl}/mail/confirm/${token}` },
      }),
    },
    now,
  );
}

/** The subscriber a confirmation link is for, or undefined (used, replaced by a newer one, or never valid). */
export const findConfirmation = (db: DbOrTx, token: string) => findByConfirmHash(db, sha256(token));

export async function confirmReplies(uow: UnitOfWork, token: string, now: Date): Promise<boolean> {
  const subscriber = await findByConfirmHash(uow.tx, sha256(token));
  if (!subscriber) return false;
  await markConfirmed(uow.tx, subscriber.id, now.toISOString());
  return true;
}

/** Unsubscribes from one thread, or (`all`) forgets the address entirely: a later tick starts over with a confirmation. */
export async function unsubscribe(uow: UnitOfWork, subscriberId: number, scope: UnsubscribeScope): Promise<void> {
  if (scope === 'all') await deleteSubscriber(uow.tx, subscriberId);
  else await deleteSubscription(uow.tx, subscriberId, scope);
}

export const subscriberExists = async (db: DbOrTx, id: number) => (await findSubscriberById(db, id)) !== undefined;

/** An approved reply, as its notification shows it. */
export interface ApprovedReply {
  id: number;
  parentId: number;
  authorName: string;
  authorEmail: string;
  body: string;
  filmTitle: string;
  filmSlug: string;
}

/**
 * A reply was approved: one mail to each confirmed subscriber of the comment it answers (not to its own author),
 * once per reply however often it is approved, and not past the address's daily cap.
 */
export async function notifyReply(uow: UnitOfWork, deps: ReplyMailDeps, reply: ApprovedReply, now: Date) {
  const subscribers = await confirmedSubscribersOf(uow.tx, reply.parentId);
  if (subscribers.length === 0) return 0;
  if (!(await claimReplyNotice(uow.tx, reply.id, now.toISOString()))) return 0;
  const { site } = deps;
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  let queued = 0;
  for (const subscriber of subscribers) {
    if (subscriber.email === reply.authorEmail.toLowerCase()) continue;
    if ((await countRecentMail(uow.tx, subscriber.email, 'reply', since)) >= deps.perDay) continue;
    const thread = `${site.publicUrl}${unsubscribePath(deps.secrets, subscriber.id, reply.parentId)}`;
    const all = `${site.publicUrl}${unsubscribePath(deps.secrets, subscriber.id, 'all')}`;
    await enqueueMail(
      uow,
      {
        kind: 'reply',
        to: { address: subscriber.email },
        subject: `${reply.authorName} replied to your comment on ${reply.filmTitle}`,
        unsubscribeUrl: thread,
        ...renderMail(site, {
          heading: `${reply.authorName} replied to your comment on ${reply.filmTitle}`,
          paragraphs: [reply.body.length > 2000 ? `${reply.body.slice(0, 1999)}…` : reply.body],
          action: { label: 'Read it and answer', url: `${site.publicUrl}/film/${reply.filmSlug}#comment-${reply.id}` },
          footer: [`No more mails about this thread: ${thread}`, `No more reply mails at all: ${all}`],
        }),
      },
      now,
    );
    queued++;
  }
  return queued;
}
