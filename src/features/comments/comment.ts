import { createHash } from 'node:crypto';
import { isId } from '../../lib/ids.js';
import type { CommentStatus } from './comments.table.js';

export interface CommentInput {
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  body: string;
  parentId: number | null;
}

export type FieldErrors = Partial<Record<'authorName' | 'authorEmail' | 'authorUrl' | 'body' | 'parentId', string>>;

export const BODY_MIN = 2;
export const BODY_MAX = 10_000;

/** Validate what a visitor typed; every problem is named by its field so the form shows it in place. */
export function validateComment(raw: Partial<Record<keyof CommentInput, unknown>>): {
  input: CommentInput;
  errors: FieldErrors;
} {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const input: CommentInput = {
    authorName: text(raw.authorName).trim().replace(/\s+/g, ' '),
    authorEmail: text(raw.authorEmail).trim().toLowerCase(),
    authorUrl: text(raw.authorUrl).trim(),
    body: text(raw.body).replace(/\r\n?/g, '\n').trim(),
    parentId: raw.parentId === undefined || raw.parentId === null || raw.parentId === '' ? null : Number(raw.parentId),
  };
  const errors: FieldErrors = {};
  if (!input.authorName) errors.authorName = 'Name is required.';
  else if (input.authorName.length > 100) errors.authorName = 'Name: at most 100 characters.';
  if (!input.authorEmail) errors.authorEmail = 'Email is required.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.authorEmail) || input.authorEmail.length > 254) {
    errors.authorEmail = 'Email: enter an address like name@example.com.';
  }
  if (input.authorUrl) {
    let url: URL | null = null;
    try {
      url = new URL(input.authorUrl);
    } catch {
      url = null;
    }
    // Only web addresses: javascript:, data: and friends never become links.
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || input.authorUrl.length > 300) {
      errors.authorUrl = 'Website: enter a web address starting with http:// or https://.';
    } else {
      input.authorUrl = url.toString();
    }
  }
  if (input.body.length < BODY_MIN) errors.body = `Comment: write at least ${BODY_MIN} characters.`;
  else if (input.body.length > BODY_MAX)
    errors.body = `Comment: at most ${BODY_MAX.toLocaleString('en-US')} characters.`;
  if (input.parentId !== null && !isId(input.parentId)) {
    errors.parentId = 'parentId: not a comment id.';
  }
  return { input, errors };
}

/** Same words, any spacing or case: the duplicate detector's idea of "the same comment". */
export function bodyHash(body: string): string {
  const normal = body.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normal).digest('base64url').slice(0, 32);
}

const URL_PATTERN = /https?:\/\/[^\s<>"']+/gi;

export function countLinks(text: string): number {
  return text.match(URL_PATTERN)?.length ?? 0;
}

export interface SpamVerdict {
  /** 0 (clean) .. 1 (certainly spam). */
  score: number;
  reasons: string[];
}

export interface ModerationRules {
  holdFirstComment: boolean;
  holdIfMoreLinksThan: number;
  moderationWords: string[];
  disallowedWords: string[];
  spamPendingAbove: number;
  spamRejectAbove: number;
}

const containsWord = (haystack: string, words: string[]) => {
  const lower = haystack.toLowerCase();
  return words.find((w) => w && lower.includes(w));
};

/**
 * The status a new comment gets, and why (WordPress's discussion rules, in its order): disallowed words → trash;
 * the spam score → spam or pending; moderation words or too many links → pending; a first comment from an unknown
 * email → pending; otherwise approved.
 */
export function decideStatus(
  input: CommentInput,
  facts: { hasApprovedBefore: boolean; spam: SpamVerdict },
  rules: ModerationRules,
): { status: CommentStatus; reasons: string[] } {
  const all = `${input.authorName}\n${input.authorEmail}\n${input.authorUrl}\n${input.body}`;
  const disallowed = containsWord(all, rules.disallowedWords);
  if (disallowed) return { status: 'trash', reasons: [`Contains the disallowed word “${disallowed}”`] };
  if (facts.spam.score >= rules.spamRejectAbove) {
    return { status: 'spam', reasons: [`Spam score ${facts.spam.score.toFixed(2)}`, ...facts.spam.reasons] };
  }
  const reasons: string[] = [];
  if (facts.spam.score >= rules.spamPendingAbove) {
    reasons.push(`Spam score ${facts.spam.score.toFixed(2)} (uncertain)`, ...facts.spam.reasons);
  }
  const moderation = containsWord(all, rules.moderationWords);
  if (moderation) reasons.push(`Contains the moderation word “${moderation}”`);
  const links = countLinks(input.body);
  if (links > rules.holdIfMoreLinksThan) reasons.push(`${links} links (more than ${rules.holdIfMoreLinksThan})`);
  if (rules.holdFirstComment && !facts.hasApprovedBefore) reasons.push('First comment from this email address');
  return reasons.length ? { status: 'pending', reasons } : { status: 'approved', reasons: [] };
}

export type BodyPiece = { text: string } | { link: string };

/**
 * A plain-text body as paragraphs of lines of pieces: text, or a web address to link. Nothing else in the body is
 * interpreted, so markup typed by a visitor stays visible text.
 */
export function bodyPieces(body: string): BodyPiece[][][] {
  return body
    .split(/\n{2,}/)
    .map((paragraph) =>
      paragraph.split('\n').map((line) => {
        const pieces: BodyPiece[] = [];
        let last = 0;
        for (const match of line.matchAll(URL_PATTERN)) {
          // Sentence punctuation right after an address belongs to the sentence.
          const url = match[0].replace(/[.,;:!?)\]]+$/, '');
          const start = match.index ?? 0;
          if (start > last) pieces.push({ text: line.slice(last, start) });
          pieces.push({ link: url });
          last = start + url.length;
        }
        if (last < line.length) pieces.push({ text: line.slice(last) });
        return pieces;
      }),
    )
    .filter((p) => p.some((line) => line.length > 0));
}

/** A comment as the film page and the API show it, with its replies. */
export interface CommentNode {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  body: string;
  createdAt: string;
  status: CommentStatus;
  depth: number;
  replies: CommentNode[];
}

/** What a refused comment form shows again: what was typed, what is wrong, and which comment it answered. */
export interface CommentFormState {
  values: { authorName: string; authorEmail: string; authorUrl: string; body: string; saveDetails: boolean };
  errors: FieldErrors;
  parentId: number | null;
}

/**
 * A piece of a hidden field's value that differs per visitor, so a cached page can still carry it: the page fills it
 * in as it goes out (views/render-marks.tsx).
 */
export type PerVisitorPiece = { perVisitor: 'csrf-token' | 'form-stamp' };

/**
 * A hidden field another feature adds to the comment form (the spam filter's timestamp and honeypot). Plain data:
 * the form's view turns it into an input. A honeypot is an input people never see and bots fill in.
 */
export interface FormExtra {
  name: string;
  value: string | readonly (string | PerVisitorPiece)[];
  honeypot?: boolean;
}

/** A section another feature adds to /privacy about what it stores (members' accounts). */
export interface PrivacySection {
  heading: string;
  /** Each item: what is stored (bold) and what about it. */
  items: Array<{ what: string; detail: string }>;
}
