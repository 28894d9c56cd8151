import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CSRF_TOKEN_LENGTH, CsrfTokens } from './csrf.js';

describe('CSRF tokens', () => {
  it('are HMAC-SHA256 of the cookie secret under the site key, for short and long keys', () => {
    for (const key of ['short', 'k'.repeat(100)]) {
      const tokens = new CsrfTokens([key]);
      const first = tokens.issue(undefined, false);
      expect(first.setCookie).toMatch(/^rh_csrf=[A-Za-z0-9_-]{22}; Path=\/; HttpOnly; SameSite=Lax$/);
      const expected = createHmac('sha256', `csrf:${key}`).update(first.secret).digest('base64url');
      expect(first.token).toBe(expected);
      expect(first.token).toHaveLength(CSRF_TOKEN_LENGTH);
      // A returning visitor's token is the same, with no new cookie.
      const again = tokens.issue(first.secret, true);
      expect(again).toEqual({ token: expected, secret: first.secret, setCookie: null });
    }
  });
});
