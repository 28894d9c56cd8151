import { parseDatabaseUrl } from '../../src/config.js';
import { createDb } from '../../src/db/create-db.js';
import type { Db } from '../../src/db/database.js';
import {
  type CreatedMember,
  createConfirmedMember,
  type NewMemberInput,
  startSessionFor,
} from '../../src/features/members/index.js';
import { MEMBER_COOKIE } from '../../src/kernel/member.js';
import { createWriter } from '../../src/kernel/unit-of-work.js';
import type { TestApp } from './app.js';
import { TestVisitor } from './visitor.js';

// Members for tests written by any feature: a confirmed account and a browser signed in as it, without going through
// the join form and the mail (members' own tests do that).

let counter = 0;

/** A unique member's details; pass overrides for what the test cares about. */
export function buildMember(overrides: Partial<NewMemberInput> = {}): NewMemberInput {
  counter += 1;
  const n = `${process.pid}${counter}`;
  return {
    email: `member${n}@example.org`,
    password: 'a long enough member password',
    displayName: `Member ${n}`,
    handle: `member${n}`,
    ...overrides,
  };
}

export interface SignedInTestMember {
  member: CreatedMember & NewMemberInput;
  /** The member session cookie, for `app.inject({ cookies })`, a Cookie header or Playwright's addCookies. */
  cookies: Record<string, string>;
  cookieHeader: string;
}

/** Writes straight to a database (no app needed): the member and a live session. */
export async function createSignedInMember(
  db: Db,
  overrides: Partial<NewMemberInput> = {},
  now = new Date(),
): Promise<SignedInTestMember> {
  // A writer without a page cache to tell: a new session changes no page and no instance's memory.
  const writer = createWriter(db, { invalidate: () => {}, effectFailed: (error) => Promise.reject(error) });
  const input = buildMember(overrides);
  const created = await createConfirmedMember(writer, input, now);
  const sessionId = await writer.write((uow) => startSessionFor(uow, created.id, now));
  return {
    member: { ...input, ...created },
    cookies: { [MEMBER_COOKIE]: sessionId },
    cookieHeader: `${MEMBER_COOKIE}=${sessionId}`,
  };
}

/**
 * A confirmed member and a TestVisitor (app.inject) signed in as them, holding a CSRF token. `now` should be the
 * app's clock (sessions expire by it).
 */
export async function signedInMember(
  t: TestApp,
  overrides: Partial<NewMemberInput> = {},
  options: { now?: Date; ip?: string } = {},
): Promise<SignedInTestMember & { visitor: TestVisitor }> {
  const signedIn = await createSignedInMember(t.t.db, overrides, options.now);
  const visitor = new TestVisitor(t.app, options.ip);
  visitor.setCookie(MEMBER_COOKIE, signedIn.cookies[MEMBER_COOKIE]!);
  const session = await visitor.request({ method: 'GET', url: '/api/v1/session' });
  visitor.csrfToken = (session.json() as { csrfToken: string }).csrfToken;
  return { ...signedIn, visitor };
}

/**
 * The same against a real server (e2e): `databaseUrl` is RunningServer.databaseUrl (a `sqlite:` file). Returns the
 * cookie for Playwright: `context.addCookies([{ name, value, url: origin }])`.
 */
export async function signedInMemberOnServer(
  databaseUrl: string,
  overrides: Partial<NewMemberInput> = {},
): Promise<SignedInTestMember & { cookie: { name: string; value: string } }> {
  const target = parseDatabaseUrl(databaseUrl);
  if (typeof target === 'string') throw new Error(target);
  const db = createDb(target);
  try {
    const signedIn = await createSignedInMember(db, overrides);
    return { ...signedIn, cookie: { name: MEMBER_COOKIE, value: signedIn.cookies[MEMBER_COOKIE]! } };
  } finally {
    await db.destroy();
  }
}
