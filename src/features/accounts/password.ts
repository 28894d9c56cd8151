import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's recommended minimum (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1), which is also the
 * library's default; the parameters are stored in the hash, so raising them later keeps old hashes verifiable.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** Verified against when the email is unknown, so a miss costs the same time as a wrong password. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy password that matches nothing');
  return decoy;
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `password: use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'password: use at most 1,024 characters';
  return null;
}
