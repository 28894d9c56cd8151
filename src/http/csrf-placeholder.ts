/**
 * Forms render this marker instead of a CSRF token, so the page HTML is the same for every visitor and can be cached;
 * the page cache swaps in the visitor's own token on the way out.
 */
export const CSRF_PLACEHOLDER = '__reelhouse_csrf__';

/**
 * Marks where a fresh "form shown at" stamp goes (ctx.formStamp, supplied by the spam filter). Spliced in on the way
 * out like the CSRF token, so a form from a cached page still tells when this visitor was shown it.
 */
export const FORM_STAMP_PLACEHOLDER = '__reelhouse_stamp__';
