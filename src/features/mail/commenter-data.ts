import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { deleteByRecipient, selectByRecipient } from './outbox.repository.js';
import { deleteSubscriberByEmail, subscriptionsOfEmail } from './subscriptions.repository.js';

/**
 * What the mail feature keeps about an email address, for the commenter export and erase (the comments feature calls
 * it through its CommenterDataPart hook; the shape matches without importing it).
 */
export const mailCommenterData = {
  name: 'mail',
  async export(db: DbOrTx, email: string) {
    const [subscriptions, outbox] = await Promise.all([subscriptionsOfEmail(db, email), selectByRecipient(db, email)]);
    const first = subscriptions[0];
    return {
      replyNotifications: first
        ? {
            askedAt: first.created_at,
            confirmedAt: first.confirmed_at,
            comments: subscriptions
              .filter((s) => s.comment_id !== null)
              .map((s) => ({ commentId: s.comment_id, since: s.subscribed_at })),
          }
        : null,
      mailSent: outbox.map((m) => ({ kind: m.kind, status: m.status, queuedAt: m.created_at, sentAt: m.sent_at })),
    };
  },
  /** Subscriptions go, and so does every outbox row to the address, queued ones included (they are not sent). */
  async erase({ tx }: UnitOfWork, email: string) {
    return (await deleteSubscriberByEmail(tx, email)) + (await deleteByRecipient(tx, email));
  },
};
