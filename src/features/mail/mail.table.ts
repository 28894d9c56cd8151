import type { Generated } from 'kysely';

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

/**
 * One message to send. subject, bodies and headers are cleared once it is sent or has failed for good: what stays is
 * who, when and what kind (privacy page), until the row is purged after 30 days.
 */
export interface MailOutboxTable {
  id: Generated<number>;
  /** What the message is for: 'test', 'password-reset', 'reply', … (shown in the mail log). */
  kind: string;
  /** The address only, lower-cased: export and erase find a person's rows by it. */
  recipient: string;
  /** Fixed when queued (the part before the From's domain), so every attempt carries the same Message-ID. */
  message_id: string;
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  /** JSON: the recipient's display name and the unsubscribe URL of a notification. */
  headers: string | null;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  /** While `sending`: the claim is the worker's until then; past it another worker may take the row again. */
  lease_until: string | null;
  /** The claiming worker's random token: only it may record the outcome. */
  claim_token: string | null;
  /** The SMTP server's answer (or the connection error) of the last failed attempt. */
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export type ModerationMailMode = 'off' | 'each' | 'digest';

/** A moderator's choice of mail about held comments (no row: off). */
export interface ModeratorMailTable {
  user_id: number;
  mode: ModerationMailMode;
  digest_minutes: number;
  /** When the last digest covered up to; the next covers comments held after it. */
  last_digest_at: string | null;
}

/** An address that asked for reply notifications; nothing is sent to it but the confirmation until confirmed_at. */
export interface MailSubscriberTable {
  id: Generated<number>;
  email: string;
  created_at: string;
  /** SHA-256 of the pending confirmation link's token. */
  confirm_hash: string | null;
  confirm_sent_at: string | null;
  confirmed_at: string | null;
}

/** "Email me when someone replies" to this comment (the subscriber's own). */
export interface ReplySubscriptionTable {
  subscriber_id: number;
  comment_id: number;
  created_at: string;
}

/** Replies already mailed about: one mail per reply, however often it is approved. */
export interface ReplyNoticeTable {
  reply_id: number;
  created_at: string;
}

export interface MailTables {
  mail_outbox: MailOutboxTable;
  moderator_mail: ModeratorMailTable;
  mail_subscribers: MailSubscriberTable;
  reply_subscriptions: ReplySubscriptionTable;
  reply_notices: ReplyNoticeTable;
}
