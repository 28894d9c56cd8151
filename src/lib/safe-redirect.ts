/**
 * A redirect target taken from a request (`next`, `back`), made safe for a Location header: a path on this site,
 * inside `within`, in pure ASCII. Anything else gives `fallback`.
 *
 * - Control characters (C0, DEL, C1) are refused, not encoded: they only ever arrive in an attack (header splitting),
 *   and Node throws on them in a header, which would be a 500.
 * - Other non-ASCII text (`/film/été`) is sent as UTF-8 percent-escapes, so the header is never raw Latin-1.
 * - `//host` and `/\host` are read by browsers as another site; a scheme (`https:`) is not a path at all.
 */
export function safeRedirectPath(raw: unknown, options: { fallback: string; within?: string }): string {
  const { fallback, within = '/' } = options;
  if (typeof raw !== 'string' || raw === '') return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(raw)) return fallback;
  if (!raw.startsWith('/') || raw[1] === '/' || raw[1] === '\\') return fallback;
  const base = 'http://same-site.invalid';
  let encoded: string;
  try {
    // Characters a URL may not carry raw (and backslashes, which browsers turn into slashes) are escaped; `%` stays,
    // so escapes already present are kept as they are. A lone surrogate makes encodeURIComponent throw.
    encoded = raw.replace(/[^\x21-\x7e]|["<>\\^`{|}]/gu, encodeURIComponent);
    if (new URL(encoded, base).origin !== base) return fallback;
  } catch {
    return fallback;
  }
  if (within !== '/') {
    const rest = encoded.slice(within.length);
    if (!encoded.startsWith(within) || !(rest === '' || /^[/?#]/.test(rest))) return fallback;
  }
  return encoded;
}
