/**
 * The generated avatar beside a comment: initials on a colour picked from the name. Shared by the server's view and
 * the comments island, so a comment drawn in the browser looks like one the server rendered.
 */

/** Up to two initials: the first letters of the first and last words that start with a letter or digit. */
export function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .map((w) => Array.from(w)[0] ?? '')
    .filter((c) => /\p{L}|\p{N}/u.test(c));
  return (letters.length > 1 ? letters[0]! + letters[letters.length - 1]! : (letters[0] ?? '?')).toUpperCase();
}

/**
 * One of the 24 hue classes of the design system (the same hash the typographic posters use). A class, not an inline
 * style, because the Content-Security-Policy forbids inline styles.
 */
export function avatarHueClass(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return `hue-${h % 24}`;
}

/** The avatar's class list as the stylesheet expects it. */
export const avatarClass = (name: string) => `avatar ${avatarHueClass(name)}`;
