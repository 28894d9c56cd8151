/**
 * An address of the old site as the redirects table keys it: path (percent-decoded, without the trailing slash
 * WordPress adds) and, for WordPress's query forms (`?p=12`, `?page_id=3`, `?cat=4`), that one parameter. The same
 * function reads a request's URL, so what was stored is what is looked up.
 */
const QUERY_KEYS = ['p', 'page_id', 'cat', 'feed'];

export function legacyKey(url: string, basePath = ''): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://old.invalid');
  } catch {
    return null;
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    path = parsed.pathname;
  }
  if (basePath && (path === basePath || path.startsWith(`${basePath}/`))) path = path.slice(basePath.length) || '/';
  if (path.length > 1) path = path.replace(/\/+$/, '');
  for (const key of QUERY_KEYS) {
    const value = parsed.searchParams.get(key);
    if (value) return `${path}?${key}=${value}`;
  }
  return path;
}
