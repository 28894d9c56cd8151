import type { DbOrTx } from '../../db/database.js';
import type { AppContext } from '../../http/context.js';
import { bodyHash, type CommentHooks, type CommentRow, type SpamCheckInput } from '../comments/index.js';
import { type AkismetOptions, akismetCheck, akismetSubmit } from './akismet.js';
import { featuresOf, type SpamModel } from './classifier.js';
import {
  checkFormToken,
  checkHoneypot,
  FORM_TOKEN_FIELD,
  issueFormExtras,
  MAX_USES,
  readFormToken,
} from './form-token.js';
import { LearnedModel } from './learning.js';
import { loadShippedModel } from './model-file.js';
import {
  countCommentsSince,
  findSameBody,
  insertFeedback,
  purgeFormTokens,
  recordFormTokenUse,
} from './spam.repository.js';
import { type CheckResult, NO_SIGNAL, runTextChecks } from './text-checks.js';

/** Same text as someone else's recent comment: copy-paste campaigns post one text on many films. */
const DUPLICATE_WINDOW_MS = 7 * 24 * 3600_000;
/** Short texts ("Great film!", "+1") are repeated by honest people all the time. */
const DUPLICATE_MIN_LENGTH = 25;
const FLOOD_WINDOW_MS = 3600_000;
const FLOOD_PER_VISITOR = 10;
const FLOOD_PER_NETWORK = 40;

export async function checkDuplicate(db: DbOrTx, input: SpamCheckInput): Promise<CheckResult> {
  if (input.comment.body.length < DUPLICATE_MIN_LENGTH) return NO_SIGNAL;
  const since = new Date(input.now.getTime() - DUPLICATE_WINDOW_MS).toISOString();
  const same = await findSameBody(db, bodyHash(input.comment.body), since, 20);
  if (same.length === 0) return NO_SIGNAL;
  const spam = same.find((c) => c.status === 'spam');
  if (spam) return { score: 1, reasons: [`Same text as comment #${spam.id}, which is marked spam`] };
  return {
    score: Math.min(0.6, 0.3 * same.length),
    reasons: [`Same text as ${same.length} other recent comment(s): #${same.map((c) => c.id).join(', #')}`],
  };
}

/** Many comments in an hour, across all films (the comments feature already refuses more than a few a minute). */
export async function checkFlood(db: DbOrTx, input: SpamCheckInput): Promise<CheckResult> {
  const since = new Date(input.now.getTime() - FLOOD_WINDOW_MS).toISOString();
  const recent = await countCommentsSince(
    db,
    { visitorId: input.visitorId, ipHash: input.ipHash },
    since,
    Math.max(FLOOD_PER_VISITOR, FLOOD_PER_NETWORK),
  );
  const reasons: string[] = [];
  let score = 0;
  if (recent.visitor >= FLOOD_PER_VISITOR) {
    score += 0.3;
    reasons.push(`${recent.visitor} comments from this visitor in the last hour`);
  }
  if (recent.network >= FLOOD_PER_NETWORK) {
    score += 0.3;
    reasons.push(`${recent.network} comments from this network in the last hour`);
  }
  return { score, reasons };
}

export interface SpamFilter {
  /** The model as it is now, moderator lessons included. */
  model(db: DbOrTx): Promise<SpamModel>;
}

/**
 * Plug the spam filter into the comments feature: the checks every new comment passes, the hidden form fields they
 * read, learning from moderators' Spam / Not spam, and the privacy note when a third party is involved.
 */
export function installSpamFilter(
  ctx: Pick<AppContext, 'config' | 'settings' | 'versions'>,
  hooks: CommentHooks,
  log: { error(object: unknown, message: string): void },
): SpamFilter {
  const key = `spam-form:${ctx.config.cookieSecrets[0]}`;
  const learned = new LearnedModel(loadShippedModel().model, () => ctx.versions.current());
  const akismet: AkismetOptions | null = ctx.config.akismet
    ? { key: ctx.config.akismet.key, url: ctx.config.akismet.url, site: ctx.config.publicUrl }
    : null;
  let tokensPurgedAt = 0;

  hooks.formExtras.push((now) => issueFormExtras(key, now));

  hooks.spamChecks.push(async (db, input) => {
    const honeypot = checkHoneypot(input.formExtras);
    const token = readFormToken(key, input.formExtras[FORM_TOKEN_FIELD], input.now);
    const results = [honeypot, checkFormToken(token)];
    if (token.kind === 'valid') {
      const uses = await recordFormTokenUse(db, token.tokenHash, input.now.toISOString());
      if (uses > MAX_USES) {
        results.push({ score: 0.5, reasons: [`The same comment form was posted ${uses} times (replayed)`] });
      }
      if (input.now.getTime() - tokensPurgedAt > 3600_000) {
        tokensPurgedAt = input.now.getTime();
        await purgeFormTokens(db, new Date(input.now.getTime() - 8 * 24 * 3600_000).toISOString());
      }
    }
    return combine(results);
  });

  hooks.spamChecks.push(async (db, input) => {
    const settings = await ctx.settings();
    const model = await learned.current(db);
    const { comment } = input;
    const verdict = runTextChecks(
      { body: comment.body, authorName: comment.authorName, authorUrl: comment.authorUrl },
      model,
      settings.spamBlockedDomains,
    );
    return { score: verdict.score, reasons: verdict.reasons };
  });
  hooks.spamChecks.push(checkDuplicate);
  hooks.spamChecks.push(checkFlood);

  if (akismet) {
    hooks.spamChecks.push(async (_db, input) =>
      akismetCheck(akismet, {
        ip: input.ip,
        userAgent: input.userAgent,
        authorName: input.comment.authorName,
        authorEmail: input.comment.authorEmail,
        authorUrl: input.comment.authorUrl,
        body: input.comment.body,
      }),
    );
    hooks.privacyNotes.push(
      () =>
        'This site also uses Akismet, a service of Automattic Inc., to check comments for spam: your comment, name, email address, website, network address and browser user-agent are sent to Akismet when you post (see automattic.com/privacy).',
    );
  }

  hooks.onVerdict.push(async (db: DbOrTx, comments: CommentRow[], isSpam: boolean, now: Date) => {
    const model = loadShippedModel().model;
    await insertFeedback(
      db,
      comments.map((c) => ({
        commentId: c.id,
        isSpam,
        bits: model.bits,
        features: featuresOf(model, { body: c.body, authorName: c.author_name, authorUrl: c.author_url ?? '' }),
      })),
      now.toISOString(),
    );
    // Rebuilt from the table on the next check, after this transaction has committed.
    learned.invalidate();
    if (akismet) {
      for (const c of comments) {
        const comment = {
          userAgent: c.user_agent ?? '',
          authorName: c.author_name,
          authorEmail: c.author_email,
          authorUrl: c.author_url,
          body: c.body,
        };
        // Not awaited: a slow third party must not hold the moderation transaction open.
        void akismetSubmit(akismet, comment, isSpam).catch((error: unknown) =>
          log.error({ err: error }, 'Akismet feedback failed'),
        );
      }
    }
  });

  return { model: (db) => learned.current(db) };
}

function combine(results: CheckResult[]): CheckResult {
  return { score: results.reduce((sum, r) => sum + r.score, 0), reasons: results.flatMap((r) => r.reasons) };
}
