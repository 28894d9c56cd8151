import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors.js';

/** Something the admin can fix in a form (an email taken, a short password): the page shows it next to the field. */
export class AccountError extends AppError {
  constructor(message: string, field?: string) {
    super(field ? 'invalid_field' : 'bad_request', message, field);
    this.name = 'AccountError';
  }
}

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 2 * 3600_000, absoluteMs: 7 * 24 * 3600_000 };

/** Secrets (session ids, invitation links, API tokens) are stored as this hash only. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A new API token's secret (shown once), the hash that is stored, and the first characters lists show. */
export function mintApiToken(prefix: string): { token: string; hash: string; shown: string } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: sha256(token), shown: token.slice(0, prefix.length + 5) };
}

export const MAX_TOKEN_NAME = 80;

/** An API token's name as stored: trimmed, 1 to 80 characters. */
export function apiTokenName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || [...trimmed].length > MAX_TOKEN_NAME) {
    throw new AccountError(`name: 1 to ${MAX_TOKEN_NAME} characters`, 'name');
  }
  return trimmed;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function emailProblem(email: string): string | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? null : 'email: not an email address';
}

export const INVALID_INVITE = 'This invitation link is not valid any more. Ask an admin for a new one.';
