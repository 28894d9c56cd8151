/**
 * Forms render this marker instead of a CSRF token, so the page HTML is the same for every visitor and can be cached;
 * the page cache swaps in the visitor's own token on the way out.
 */
export const CSRF_PLACEHOLDER = '__reelhouse_csrf__';
