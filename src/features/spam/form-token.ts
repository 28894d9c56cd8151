import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FormExtra } from '../comments/index.js';
import type { CheckResult } from './text-checks.js';

/** The hidden fields the spam filter adds to the comment form. The comments view renders `website_hp` as a honeypot. */
export const HONEYPOT_FIELD = 'website_hp';
export const FORM_TOKEN_FIELD = 'form_ts';

/** Faster than this from form to post is a script: nobody reads the page and writes a comment in 3 seconds. */
export const TOO_FAST_MS = 3_000;
/**
 * Older than this the form is "expired". Generous on purpose: film pages are served from the page cache, so a visitor
 * can get a form rendered days ago (until the next write retires the page); expiry is a weak signal, never decisive.
 */
export const EXPIRES_MS = 7 * 24 * 3600_000;
/** The same form (same render, same visitor) used for more comments than this is being replayed by a script. */
export const MAX_USES = 3;

const sign = (key: string, issuedAt: number) =>
  createHmac('sha256', key).update(`reelhouse-comment-form:${issuedAt}`).digest('base64url').slice(0, 22);

/** The signed "form shown at" stamp: `issuedAt.signature`. */
export function formStamp(key: string, now: Date): string {
  const issuedAt = now.getTime();
  return `${issuedAt}.${sign(key, issuedAt)}`;
}

/**
 * A stamp maker for the page cache, which asks for one on every page it sends: one signature per 100 ms serves all the
 * pages sent in it (the stamp is then up to 0.1 s early, which only makes "too fast" more lenient).
 */
export function formStampMaker(key: string, clock: { now(): Date }): () => string {
  let last = { at: Number.NaN, stamp: '' };
  return () => {
    const at = Math.floor(clock.now().getTime() / 100) * 100;
    if (at !== last.at) last = { at, stamp: formStamp(key, new Date(at)) };
    return last.stamp;
  };
}

/**
 * The form's hidden fields: `stamp.csrf`, both spliced in as the page goes out (also from the page cache), so every
 * visitor gets the time they were shown the form, and the same cached form gives two visitors two different tokens: a
 * replay is one visitor's form posted again and again.
 */
export function issueFormExtras(): FormExtra[] {
  return [
    { name: HONEYPOT_FIELD, value: '', honeypot: true },
    { name: FORM_TOKEN_FIELD, value: [{ perVisitor: 'form-stamp' }, '.', { perVisitor: 'csrf-token' }] },
  ];
}

export type TokenState = { kind: 'missing' } | { kind: 'forged' } | { kind: 'valid'; ageMs: number; tokenHash: string };

export function readFormToken(key: string, posted: string | undefined, now: Date): TokenState {
  if (!posted) return { kind: 'missing' };
  const [issued, signature, ...rest] = posted.split('.');
  const issuedAt = Number(issued);
  if (!Number.isSafeInteger(issuedAt) || !signature || rest.length === 0) return { kind: 'forged' };
  const expected = Buffer.from(sign(key, issuedAt));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'forged' };
  return {
    kind: 'valid',
    ageMs: now.getTime() - issuedAt,
    tokenHash: createHash('sha256').update(posted).digest('base64url'),
  };
}

export function checkHoneypot(formExtras: Record<string, string>): CheckResult {
  const value = formExtras[HONEYPOT_FIELD];
  return value
    ? { score: 1, reasons: ['Filled in the hidden field people never see (honeypot)'] }
    : { score: 0, reasons: [] };
}

/** What the token says, apart from replays (those need the database). */
export function checkFormToken(state: TokenState): CheckResult {
  switch (state.kind) {
    case 'missing':
      // The JSON API is documented for scripts, which have no form: nothing to hold against them.
      return { score: 0, reasons: [] };
    case 'forged':
      return { score: 0.5, reasons: ['The comment form’s token was not issued by this site'] };
    case 'valid':
      if (state.ageMs < 0) return { score: 0.5, reasons: ['The comment form’s token is dated in the future'] };
      if (state.ageMs < TOO_FAST_MS) {
        return { score: 0.5, reasons: [`Posted ${(state.ageMs / 1000).toFixed(1)} s after the form was shown`] };
      }
      if (state.ageMs > EXPIRES_MS) {
        return {
          score: 0.2,
          reasons: [`The comment form expired (shown ${Math.floor(state.ageMs / 86_400_000)} days before)`],
        };
      }
      return { score: 0, reasons: [] };
  }
}
