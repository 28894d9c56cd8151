import type { Config } from '../../config.js';
import type { DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import type { VersionWatcher } from '../../kernel/versions.js';
import type { Clock } from '../../lib/clock.js';
import {
  bodyHash,
  type CommentHooks,
  type CommentRow,
  type SpamCheck,
  type SpamCheckInput,
} from '../comments/index.js';
import { loadSettings, type SiteSettings } from '../settings/index.js';
import { type AkismetOptions, akismetCheck, akismetSubmit } from './akismet.js';
import { featuresOf, type SpamModel } from './classifier.js';
import {
  checkFormToken,
  checkHoneypot,
  FORM_TOKEN_FIELD,
  formStampMaker,
  issueFormExtras,
  MAX_USES,
  readFormToken,
} from './form-token.js';
import { LearnedModel } from './learning.js';
import { loadShippedModel } from './model-file.js';
import {
  findHeldBySpamScore,
  findSameBody,
  insertFeedback,
  purgeFormTokens,
  type RecentActivity,
  recentActivity,
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

/** One query for both history checks (see recentActivity). */
async function activityOf(db: DbOrTx, input: SpamCheckInput) {
  const now = input.now.getTime();
  return recentActivity(db, {
    visitorId: input.visitorId,
    ipHash: input.ipHash,
    floodSince: new Date(now - FLOOD_WINDOW_MS).toISOString(),
    bodyHash: input.comment.body.length >= DUPLICATE_MIN_LENGTH ? bodyHash(input.comment.body) : null,
    duplicateSince: new Date(now - DUPLICATE_WINDOW_MS).toISOString(),
    cap: Math.max(FLOOD_PER_VISITOR, FLOOD_PER_NETWORK),
  });
}

async function duplicateResult(db: DbOrTx, input: SpamCheckInput, activity: RecentActivity): Promise<CheckResult> {
  if (activity.same === 0) return NO_SIGNAL;
  if (activity.spamId !== null) {
    return { score: 1, reasons: [`Same text as comment #${activity.spamId}, which is marked spam`] };
  }
  // Rare: only now fetch which comments, for the moderator.
  const since = new Date(input.now.getTime() - DUPLICATE_WINDOW_MS).toISOString();
  const same = await findSameBody(db, bodyHash(input.comment.body), since, 20);
  return {
    score: Math.min(0.6, 0.3 * same.length),
    reasons: [`Same text as ${same.length} other recent comment(s): #${same.map((c) => c.id).join(', #')}`],
  };
}

function floodResult(activity: RecentActivity): CheckResult {
  const reasons: string[] = [];
  let score = 0;
  if (activity.visitor >= FLOOD_PER_VISITOR) {
    score += 0.3;
    reasons.push(`${activity.visitor} comments from this visitor in the last hour`);
  }
  if (activity.network >= FLOOD_PER_NETWORK) {
    score += 0.3;
    reasons.push(`${activity.network} comments from this network in the last hour`);
  }
  return { score, reasons };
}

/** Same text as recent comments (any film, anyone): copy-paste campaigns post one text everywhere. */
export async function checkDuplicate(db: DbOrTx, input: SpamCheckInput): Promise<CheckResult> {
  return duplicateResult(db, input, await activityOf(db, input));
}

/** Many comments in an hour, across all films (the comments feature already refuses more than a few a minute). */
export async function checkFlood(db: DbOrTx, input: SpamCheckInput): Promise<CheckResult> {
  return floodResult(await activityOf(db, input));
}

/** Both, from one query: what runs on every comment POST. */
export async function checkHistory(db: DbOrTx, input: SpamCheckInput): Promise<CheckResult> {
  const activity = await activityOf(db, input);
  return combine([await duplicateResult(db, input, activity), floodResult(activity)]);
}

export interface SpamFilter {
  /** The model as it is now, moderator lessons included. */
  model(db: DbOrTx): Promise<SpamModel>;
  /**
   * Approving comments the filter held teaches "not spam" (the composition root adds it to the comments' onApproved
   * hooks beside the others): on a held comment moderation offers "Approve", not "Not spam".
   */
  onApproved: NonNullable<CommentHooks['onApproved']>;
  /** A moderator's Spam / Not spam on texts that are not comments (reviews), learnt like a comment's. */
  learnFromTexts(
    db: DbOrTx,
    texts: Array<{ body: string; authorName: string }>,
    isSpam: boolean,
    now: Date,
  ): Promise<void>;
}

/** What a lesson is learnt from; `commentId` is null for texts that are not comments. */
interface LessonText {
  commentId: number | null;
  body: string;
  authorName: string;
  authorUrl: string;
}

/** The key that signs the comment form's "shown at" stamp. */
const formKey = (config: Pick<Config, 'cookieSecrets'>) => `spam-form:${config.cookieSecrets[0]}`;

/**
 * The value pages put in the comment form's stamp field (ctx.formStamp): a signed "form shown at" time, read back
 * by the checks below to tell a script posting at once from a person who read the page.
 */
export function spamFormStamp(deps: { config: Pick<Config, 'cookieSecrets'>; clock: Clock }): () => string {
  return formStampMaker(formKey(deps.config), deps.clock);
}

export interface SpamFilterDeps {
  config: Pick<Config, 'cookieSecrets' | 'akismet' | 'publicUrl'>;
  settings(): Promise<SiteSettings>;
  versions: Pick<VersionWatcher, 'current'>;
  log: { error(object: unknown, message: string): void };
}

/** The honeypot and the signed form stamp: posted too fast, forged, expired or replayed. */
function formTokenCheck(key: string): SpamCheck {
  let tokensPurgedAt = 0;
  return async (db, input) => {
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
  };
}

/**
 * What the spam filter adds to commenting: the checks every new comment passes, the hidden form fields they read,
 * learning from moderators' Spam / Not spam, and the privacy note when a third party is involved. The composition
 * root hands these to the comments feature; `model` is the filter's current model, moderator lessons included.
 */
export function spamCommentHooks(deps: SpamFilterDeps): CommentHooks & SpamFilter {
  const { config } = deps;
  const key = formKey(config);
  const learned = new LearnedModel(loadShippedModel().model, () => deps.versions.current());
  const akismet: AkismetOptions | null = config.akismet
    ? { key: config.akismet.key, url: config.akismet.url, site: config.publicUrl }
    : null;
  const hooks: CommentHooks = { spamChecks: [], onVerdict: [], formExtras: issueFormExtras(), privacyNotes: [] };

  hooks.spamChecks.push(formTokenCheck(key));
  hooks.spamChecks.push(async (db, input) => {
    const settings = await deps.settings();
    const model = await learned.current(db);
    const { comment } = input;
    const verdict = runTextChecks(
      { body: comment.body, authorName: comment.authorName, authorUrl: comment.authorUrl },
      model,
      settings.spamBlockedDomains,
    );
    return { score: verdict.score, reasons: verdict.reasons };
  });
  hooks.spamChecks.push(checkHistory);

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

  const learn = async (db: DbOrTx, texts: LessonText[], isSpam: boolean, now: Date) => {
    const model = loadShippedModel().model;
    await insertFeedback(
      db,
      texts.map((c) => ({
        commentId: c.commentId,
        isSpam,
        bits: model.bits,
        features: featuresOf(model, { body: c.body, authorName: c.authorName, authorUrl: c.authorUrl }),
      })),
      now.toISOString(),
    );
    // Rebuilt from the table on the next check, after this transaction has committed.
    learned.invalidate();
  };

  hooks.onVerdict.push(async (db, comments: CommentRow[], isSpam: boolean, now: Date) => {
    const texts = comments.map((c) => ({
      commentId: c.id,
      body: c.body,
      authorName: c.author_name,
      authorUrl: c.author_url ?? '',
    }));
    await learn(db, texts, isSpam, now);
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
          deps.log.error({ err: error }, 'Akismet feedback failed'),
        );
      }
    }
  });

  // A held comment's approval is the moderator's "not spam": before it only "Spam" marks taught, so a kind of ordinary
  // comment the filter doubts was held again and again on a new site (held 25.6 % of YouTube comments in the replay,
  // 15.3 % when approvals teach; docs/decisions/044). Only comments the filter held: approving one that another rule
  // held (a first comment, a link) says nothing the filter doubted.
  const learnApproved = async (uow: UnitOfWork, ids: number[], now: Date) => {
    // Read in the approving transaction: on SQLite its one connection is held by it, and deps.settings() may read
    // through the pool, which would wait for this transaction forever.
    const settings = await loadSettings(uow.tx);
    const held = await findHeldBySpamScore(uow.tx, ids, settings.spamPendingAbove);
    if (held.length === 0) return;
    const texts = held.map((c) => ({
      commentId: c.id,
      body: c.body,
      authorName: c.author_name,
      authorUrl: c.author_url ?? '',
    }));
    await learn(uow.tx, texts, false, now);
  };

  return {
    ...hooks,
    onApproved: [learnApproved],
    model: (db) => learned.current(db),
    // Other texts moderators judge (members' reviews) teach the same model; they have no comment row to point to.
    learnFromTexts: (db, texts, isSpam, now) =>
      learn(
        db,
        texts.map((t) => ({ commentId: null, body: t.body, authorName: t.authorName, authorUrl: '' })),
        isSpam,
        now,
      ),
  };
}

function combine(results: CheckResult[]): CheckResult {
  return { score: results.reduce((sum, r) => sum + r.score, 0), reasons: results.flatMap((r) => r.reasons) };
}
