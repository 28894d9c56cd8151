import type { SessionPolicy } from '../accounts/index.js';

// The member as a domain value: what makes an email or a handle the same as another, which handles are refused, and
// how long a session lives. Pure functions, tested without a database.

/**
 * The key an address is unique by: NFKC folds compatibility forms (full-width `ＡＮＮ@example.org` is `ANN@…`), then
 * trimmed and lower-cased. Mail still goes to the address as typed.
 */
export const emailKeyOf = (email: string) => email.normalize('NFKC').trim().toLowerCase();

export const HANDLE_PATTERN = /^[a-z0-9_-]{2,30}$/;

/** Handles that would read as the site's own pages or staff. */
export const RESERVED_HANDLES = new Set([
  'admin',
  'administrator',
  'api',
  'about',
  'account',
  'feed',
  'help',
  'join',
  'login',
  'logout',
  'me',
  'member',
  'members',
  'moderator',
  'privacy',
  'root',
  'settings',
  'signin',
  'signup',
  'staff',
  'support',
  'system',
  'u',
  'user',
  'users',
  'reelhouse',
  'deleted',
  'null',
  'undefined',
]);

export const handleKeyOf = (handle: string) => handle.trim().toLowerCase();

export function handleProblem(handle: string): string | null {
  const key = handleKeyOf(handle);
  // Tested as typed too: a few non-ASCII letters lower-case to ASCII (the Kelvin sign to "k").
  if (!HANDLE_PATTERN.test(key) || !/^[A-Za-z0-9_-]+$/.test(handle.trim()))
    return 'handle: use 2 to 30 letters a–z, digits, "_" or "-"';
  if (RESERVED_HANDLES.has(key)) return `handle: "${key}" is reserved; choose another`;
  return null;
}

export const MAX_DISPLAY_NAME = 60;
export const MAX_BIO = 2000;

export function displayNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'display_name: enter the name to show';
  if ([...trimmed].length > MAX_DISPLAY_NAME) return `display_name: use at most ${MAX_DISPLAY_NAME} characters`;
  return null;
}

/** Members stay signed in longer than staff: a month idle, half a year at most. */
export const MEMBER_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 24 * 3600_000, absoluteMs: 182 * 24 * 3600_000 };

export const CONFIRM_VALID_MS = 7 * 24 * 3600_000;
export const RESET_VALID_MS = 3600_000;
/** Unconfirmed accounts are purged after this long (their address was never shown to be theirs). */
export const UNCONFIRMED_PURGE_MS = 7 * 24 * 3600_000;

/** The name shown for an account that was deleted with its content kept. */
export const DELETED_MEMBER_NAME = 'Deleted member';
