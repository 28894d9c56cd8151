import { createHmac, timingSafeEqual } from 'node:crypto';

// Links in mails that act without a login (unsubscribing): signed with the cookie keys, not stored, so they work from
// a mail provider's one-click POST (no cookie) and cannot be made for someone else.

const sign = (secret: string, what: string) =>
  createHmac('sha256', `mail-link:${secret}`).update(what).digest('base64url').slice(0, 32);

/** The signature for `what` under the current key (the first of COOKIE_SECRET). */
export const signLink = (secrets: string[], what: string) => sign(secrets[0] ?? '', what);

/** Whether `sig` signs `what` under any of the keys (old links keep working through a key rotation). */
export function verifyLink(secrets: string[], what: string, sig: string): boolean {
  const given = Buffer.from(sig);
  return secrets.some((secret) => {
    const expected = Buffer.from(sign(secret, what));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** Where a moderator's mail about held comments is turned off in one click. */
export const moderationOffPath = (secrets: string[], userId: number) =>
  `/mail/moderation-off/${userId}/${signLink(secrets, `moderation-off:${userId}`)}`;
