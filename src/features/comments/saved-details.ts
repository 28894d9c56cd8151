import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommentFormState } from './comment.js';

/** The "Save my name, email, and website" cookie. */
export const COMMENTER_COOKIE = 'rh_commenter';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a failed comment POST, so the re-rendered film page shows what was typed and what is wrong. */
    commentForm?: CommentFormState;
  }
}

export interface SavedDetails {
  authorName: string;
  authorEmail: string;
  authorUrl: string;
}

export function readSavedDetails(request: FastifyRequest): SavedDetails | null {
  const raw = request.cookies[COMMENTER_COOKIE];
  return raw ? parseSavedDetails(raw, (value) => request.unsignCookie(value)) : null;
}

/** The details from the cookie's (decoded) value, when its signature holds. */
export function parseSavedDetails(
  raw: string,
  unsign: (value: string) => { valid: boolean; value: string | null },
): SavedDetails | null {
  const unsigned = unsign(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const parsed = JSON.parse(unsigned.value) as Partial<SavedDetails>;
    return {
      authorName: String(parsed.authorName ?? ''),
      authorEmail: String(parsed.authorEmail ?? ''),
      authorUrl: String(parsed.authorUrl ?? ''),
    };
  } catch {
    return null;
  }
}

/** Set when ticked, removed when unticked. */
export function rememberDetails(
  request: FastifyRequest,
  reply: FastifyReply,
  save: boolean,
  fields: { authorName?: string; authorEmail?: string; authorUrl?: string },
) {
  if (save) {
    const details = JSON.stringify({
      authorName: fields.authorName?.trim() ?? '',
      authorEmail: fields.authorEmail?.trim() ?? '',
      authorUrl: fields.authorUrl?.trim() ?? '',
    });
    reply.setCookie(COMMENTER_COOKIE, details, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      signed: true,
      maxAge: 365 * 24 * 3600,
    });
  } else if (request.cookies[COMMENTER_COOKIE]) {
    reply.clearCookie(COMMENTER_COOKIE, { path: '/' });
  }
}
