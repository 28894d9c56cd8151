import { randomBytes } from 'node:crypto';
import type { Tx, UnitOfWork, Writer } from '../../kernel/unit-of-work.js';
import { AccountError, emailProblem, hashPassword, passwordProblem } from '../accounts/index.js';
import { displayNameProblem, emailKeyOf, handleKeyOf, handleProblem } from './member.js';
import { startMemberSession } from './member-sessions.service.js';
import { findMemberByEmailKey, findMemberByHandleKey, insertMember } from './members.repository.js';

/** What a visitor types to join. */
export interface NewMemberInput {
  email: string;
  password: string;
  displayName: string;
  handle: string;
}

/** Every field's problem, in form order; the first is thrown (400, naming the field). */
export function checkNewMember(input: NewMemberInput): void {
  const problems: Array<[string, string | null]> = [
    ['email', emailProblem(input.email.normalize('NFKC').trim())],
    ['password', passwordProblem(input.password)],
    ['display_name', displayNameProblem(input.displayName)],
    ['handle', handleProblem(input.handle)],
  ];
  for (const [field, problem] of problems) if (problem) throw new AccountError(problem, field);
}

export const newVisitorId = () => randomBytes(16).toString('base64url');

export interface CreatedMember {
  id: number;
  handle: string;
  visitorId: string;
}

/**
 * Inserts the account; null when the email is already an account's (the caller answers as if it were new: no
 * enumeration). A taken handle is said plainly: handles are public, on every profile address.
 */
export async function insertNewMember(
  tx: Tx,
  input: NewMemberInput,
  passwordHash: string,
  confirmedAt: string | null,
  now: Date,
): Promise<CreatedMember | null> {
  const emailKey = emailKeyOf(input.email);
  const handleKey = handleKeyOf(input.handle);
  if (await findMemberByEmailKey(tx, emailKey)) return null;
  if (await findMemberByHandleKey(tx, handleKey)) {
    throw new AccountError('handle: this handle is taken; choose another', 'handle');
  }
  const visitorId = newVisitorId();
  const id = await insertMember(tx, {
    email: input.email.trim(),
    emailKey,
    handle: input.handle.trim(),
    handleKey,
    displayName: input.displayName.trim(),
    passwordHash,
    visitorId,
    confirmedAt,
    now: now.toISOString(),
  });
  return { id, handle: input.handle.trim(), visitorId };
}

/**
 * A confirmed member, made directly (tests, and an operator's CLI): no mail, no claim. Throws when the email is
 * taken.
 */
export async function createConfirmedMember(writer: Writer, input: NewMemberInput, now: Date): Promise<CreatedMember> {
  checkNewMember(input);
  const passwordHash = await hashPassword(input.password);
  return writer.write(async ({ tx }) => {
    const created = await insertNewMember(tx, input, passwordHash, now.toISOString(), now);
    if (!created) throw new AccountError('email: an account with this address exists', 'email');
    return created;
  });
}

/** Starts a session for a member made directly (test support: a signed-in browser without the login form). */
export async function startSessionFor(uow: UnitOfWork, memberId: number, now: Date): Promise<string> {
  return startMemberSession(uow, memberId, { ipHash: 'direct', userAgent: 'direct' }, now);
}
