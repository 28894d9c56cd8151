import type { Db } from '../../db/database.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { clearAttempts, findLockedUntil, releaseAttempt, reserveAttempt } from './accounts.repository.js';
import { ACCOUNT_THROTTLE, lockSchedule, NETWORK_THROTTLE, type ThrottlePolicy } from './throttle.js';

// One password check, throttled per account and per network (OWASP Authentication Cheat Sheet), for every kind of
// account that signs in with a password: staff in /admin and members at /login share it, and share the network's
// count, so stuffing credentials into one form also slows the other.

export type ThrottledOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterS: number };

/** Thrown inside the reservation's unit of work to undo it: this attempt is refused and counts for nothing. */
class Locked extends Error {
  constructor(readonly lockedUntil: string) {
    super('locked');
  }
}

/**
 * Counts this attempt against the account and the network before the password is checked, in one transaction:
 * counting after the (slow) check let concurrent attempts all read "not locked yet" and all get a check. If either
 * key is locked, nothing is counted.
 */
async function reserveLoginAttempt(writer: Writer, keys: Array<[string, ThrottlePolicy]>, now: Date) {
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  try {
    await writer.write(async ({ tx }) => {
      // Always in the same order (account, then network), so two transactions never wait on each other's rows.
      for (const [key, policy] of keys) {
        const failures = await reserveAttempt(tx, {
          key,
          now: now.toISOString(),
          forgetBefore: at(-policy.forgetAfterMs),
          freeFailures: policy.freeFailures,
          lockUntil: lockSchedule(policy).map(at),
        });
        if (failures === null) throw new Locked((await findLockedUntil(tx, key)) ?? now.toISOString());
      }
    });
    return null;
  } catch (error) {
    if (error instanceof Locked) return Math.max(1, Math.ceil((Date.parse(error.lockedUntil) - now.getTime()) / 1000));
    throw error;
  }
}

/**
 * Runs `check` (which must take the same time whether or not the account exists: verify against a decoy hash) only
 * when neither the account nor the network is locked. A failure was counted when the attempt was reserved; a success
 * forgets the account's failures and gives the network back the attempt, as a network is throttled on failures only.
 */
export async function throttledLogin<T>(
  store: { db: Db; writer: Writer },
  keys: { account: string; ipHash: string },
  now: Date,
  check: () => Promise<T | null>,
): Promise<ThrottledOutcome<T>> {
  const networkKey = `network:${keys.ipHash}`;
  const retryAfterS = await reserveLoginAttempt(
    store.writer,
    [
      [keys.account, ACCOUNT_THROTTLE],
      [networkKey, NETWORK_THROTTLE],
    ],
    now,
  );
  if (retryAfterS !== null) return { ok: false, reason: 'locked', retryAfterS };
  const value = await check();
  if (value === null) return { ok: false, reason: 'invalid' };
  await store.writer.write(async ({ tx }) => {
    await clearAttempts(tx, keys.account);
    await releaseAttempt(tx, networkKey, NETWORK_THROTTLE.freeFailures);
  });
  return { ok: true, value };
}
