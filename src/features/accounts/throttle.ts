/**
 * Growing delays after failed logins (OWASP Authentication Cheat Sheet, "Login Throttling"): a few free tries, then
 * a lock that doubles with each further failure, capped so a real user is never locked out for long.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  firstLockMs: number;
  maxLockMs: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs: number;
}

export const ACCOUNT_THROTTLE: ThrottlePolicy = {
  freeFailures: 4,
  firstLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 24 * 3600_000,
};

/** One network may try more accounts (an office, a family) but not thousands. */
export const NETWORK_THROTTLE: ThrottlePolicy = {
  freeFailures: 20,
  firstLockMs: 60_000,
  maxLockMs: 60 * 60_000,
  forgetAfterMs: 24 * 3600_000,
};

export function lockDuration(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** (failures - policy.freeFailures - 1));
}

/**
 * The lock after each failure past the free ones, up to the cap: [lock after free+1 failures, free+2, …, cap]. Every
 * later failure locks for the last entry. Finite, so the database can pick the lock in the same statement that counts
 * the failure.
 */
export function lockSchedule(policy: ThrottlePolicy): number[] {
  const schedule: number[] = [];
  for (let failures = policy.freeFailures + 1; ; failures++) {
    const lock = lockDuration(failures, policy);
    schedule.push(lock);
    if (lock >= policy.maxLockMs) return schedule;
  }
}

/** A lock's remaining time as the refusal says it: whole minutes, rounded up, with the noun agreeing ("1 minute"). */
export function pauseLength(retryAfterS: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterS / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
