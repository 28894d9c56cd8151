import type { Generated } from 'kysely';

/**
 * A moderator's "Spam" / "Not spam" decision, kept so every instance can teach its copy of the shipped model the
 * same way, and a restart loses nothing. The comment's text is not copied here: only its hashed features, which
 * cannot be read back as the comment, so erasing or purging the comment leaves nothing personal behind.
 */
export interface SpamFeedbackTable {
  id: Generated<number>;
  /** The comment decided on; null once it is deleted (the lesson stays). */
  comment_id: number | null;
  /** 1 = spam, 0 = not spam (an integer: SQLite has no boolean). */
  is_spam: number;
  /** Hashed feature indexes, base64 of a Uint32Array, at `feature_bits`. */
  features: string;
  feature_bits: number;
  created_at: string;
}

/** How often each issued comment-form token has been used, to spot a form replayed by a script. */
export interface SpamFormTokenTable {
  /** SHA-256 of the token as posted (timestamp, signature and the visitor's CSRF token). */
  token_hash: string;
  uses: number;
  last_used_at: string;
}

export interface SpamTables {
  spam_feedback: SpamFeedbackTable;
  spam_form_tokens: SpamFormTokenTable;
}
