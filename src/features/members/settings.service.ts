import type { Db } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { UnitOfWork, Writer } from '../../kernel/unit-of-work.js';
import { AccountError, emailProblem, hashPassword, passwordProblem, verifyPassword } from '../accounts/index.js';
import { eraseActivityOf, touchActivityOf } from '../activity/index.js';
import { anonymiseCommentsOf, deleteCommentsOf } from '../comments/index.js';
import { eraseDiaryOf } from '../diary/index.js';
import { eraseLikesOf } from '../likes/index.js';
import { eraseListLikesOf, eraseListsOf } from '../lists/index.js';
import { enqueueMail, type MailSite } from '../mail/index.js';
import { eraseVotesOf, releaseMemberVotes } from '../ratings/index.js';
import { anonymiseReviewsOf, eraseReviewsOf } from '../reviews/index.js';
import { CONFIRM_VALID_MS, DELETED_MEMBER_NAME, displayNameProblem, emailKeyOf, MAX_BIO } from './member.js';
import { endAllMemberSessions, startMemberSession } from './member-sessions.service.js';
import { issueToken, useToken } from './member-tokens.js';
import { emailChangeMail } from './members.mail.js';
import {
  deleteMemberRow,
  findMemberByEmailKey,
  findMemberById,
  type MemberRow,
  updateMember,
} from './members.repository.js';

// What a member changes about their own account at /settings. Every change that alters what the header or a
// session shows touches `member:<id>`, so cached copies of the session are read again (decision 026).

/** The signed-in member's account as the settings page shows it. */
export async function memberOf(db: Db, id: number): Promise<MemberRow> {
  const member = await findMemberById(db, id);
  if (!member) throw new AppError('unauthorized', 'Sign in first.');
  return member;
}

/** Checks the current password before a sensitive change (a session alone is not enough to change the password). */
async function requirePassword(db: Db, memberId: number, password: string): Promise<MemberRow> {
  const member = await memberOf(db, memberId);
  if (!(await verifyPassword(member.password_hash, password))) {
    throw new AccountError('current_password: that is not your current password', 'current_password');
  }
  return member;
}

export interface ProfileInput {
  displayName: string;
  bio: string;
  profilePublic: boolean;
  watchlistPublic: boolean;
}

export async function updateProfile(writer: Writer, memberId: number, input: ProfileInput): Promise<void> {
  const problem = displayNameProblem(input.displayName);
  if (problem) throw new AccountError(problem, 'display_name');
  if ([...input.bio].length > MAX_BIO) throw new AccountError(`bio: use at most ${MAX_BIO} characters`, 'bio');
  await writer.write(async (uow) => {
    await updateMember(uow.tx, memberId, {
      display_name: input.displayName.trim(),
      bio: input.bio.trim(),
      profile_public: input.profilePublic ? 1 : 0,
      watchlist_public: input.watchlistPublic ? 1 : 0,
    });
    uow.touched(`member:${memberId}`);
    touchActivityOf(uow);
  });
}

/**
 * Starts an address change: a link to the new address, which takes over once followed. When the new address
 * already has an account nothing is sent, and the answer is the same.
 */
export async function requestEmailChange(
  store: { db: Db; writer: Writer },
  memberId: number,
  input: { newEmail: string; password: string },
  site: MailSite,
  now: Date,
): Promise<void> {
  const problem = emailProblem(input.newEmail.normalize('NFKC').trim());
  if (problem) throw new AccountError(problem.replace('email:', 'new_email:'), 'new_email');
  const member = await requirePassword(store.db, memberId, input.password);
  const newEmail = input.newEmail.trim();
  await store.writer.write(async (uow) => {
    if (await findMemberByEmailKey(uow.tx, emailKeyOf(newEmail))) return;
    const token = await issueToken(uow.tx, { memberId, purpose: 'email', validMs: CONFIRM_VALID_MS, newEmail }, now);
    const link = `${site.publicUrl}/settings/email/${token}`;
    const to = { email: member.email, displayName: member.display_name };
    await enqueueMail(uow, emailChangeMail(site, to, newEmail, link), now);
  });
}

/** Follows an address-change link: the new address becomes the account's (and counts as confirmed). */
export async function confirmEmailChange(writer: Writer, token: string, now: Date): Promise<void> {
  await writer.write(async (uow) => {
    const row = await useToken(uow.tx, token, 'email', now);
    const newEmail = row.new_email ?? '';
    const taken = await findMemberByEmailKey(uow.tx, emailKeyOf(newEmail));
    if (!newEmail || (taken && taken.id !== row.id)) {
      throw new AppError('bad_request', 'That address is used by another account now.');
    }
    await updateMember(uow.tx, row.id, {
      email: newEmail,
      email_key: emailKeyOf(newEmail),
      confirmed_at: row.confirmed_at ?? now.toISOString(),
    });
    uow.touched(`member:${row.id}`);
  });
}

/**
 * A new password, after the current one: every session of the account ends (a stolen cookie stops working), and
 * this browser gets a fresh one. Returns its id.
 */
export async function changePassword(
  { db, writer }: { db: Db; writer: Writer },
  memberId: number,
  input: { currentPassword: string; newPassword: string },
  browser: { ipHash: string; userAgent: string },
  now: Date,
): Promise<string> {
  await requirePassword(db, memberId, input.currentPassword);
  const problem = passwordProblem(input.newPassword);
  if (problem) throw new AccountError(problem.replace('password:', 'new_password:'), 'new_password');
  const passwordHash = await hashPassword(input.newPassword);
  return writer.write(async (uow) => {
    await updateMember(uow.tx, memberId, { password_hash: passwordHash });
    await endAllMemberSessions(uow, memberId);
    return startMemberSession(uow, memberId, browser, now);
  });
}

export type DeleteMode = 'anonymise' | 'delete';

/**
 * Deletes the account. `anonymise`: votes and likes stay as a guest's, comments and reviews stay under "Deleted
 * member" without contact details. `delete`: votes, likes (of films and lists), comments and reviews go too, with the aggregates adjusted.
 * Sessions, the diary, the watchlist and the member's likes of reviews go either way.
 */
export async function deleteAccount(
  store: { db: Db; writer: Writer },
  memberId: number,
  input: { mode: DeleteMode; password: string },
  now: Date,
): Promise<void> {
  const member = await requirePassword(store.db, memberId, input.password);
  await store.writer.write((uow) => removeMember(uow, member, input.mode, now));
}

/** The removal itself, shared by a member's own deletion and the purge of unconfirmed accounts. */
export async function removeMember(
  uow: UnitOfWork,
  member: Pick<MemberRow, 'id' | 'visitor_id'>,
  mode: DeleteMode,
  now: Date,
): Promise<void> {
  await endAllMemberSessions(uow, member.id);
  await eraseActivityOf(uow, member.id);
  await eraseDiaryOf(uow.tx, member.id);
  uow.touched(`profile:${member.id}`);
  // Lists hang on the account (their address is the handle's), so they go in either mode.
  await eraseListsOf(uow, member.id);
  if (mode === 'delete') {
    // Reviews first: their replies are comments, removed with them by the foreign key.
    await eraseReviewsOf(uow, member.id);
    await eraseVotesOf(uow, member.visitor_id);
    await eraseLikesOf(uow, member.visitor_id);
    await eraseListLikesOf(uow, member.visitor_id);
    await deleteCommentsOf(uow, member.visitor_id);
  } else {
    await releaseMemberVotes(uow, member.visitor_id);
    await anonymiseReviewsOf(uow, member.id);
    await anonymiseCommentsOf(uow, member.visitor_id, DELETED_MEMBER_NAME, now);
  }
  await deleteMemberRow(uow.tx, member.id);
}

/** Logs every browser of the account out (this one included). */
export async function logOutEverywhere(writer: Writer, memberId: number): Promise<void> {
  await writer.write((uow) => endAllMemberSessions(uow, memberId));
}
