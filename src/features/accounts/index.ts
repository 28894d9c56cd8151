export type { SignedInUser } from '../../kernel/staff.js';
// The password, secret and throttle machinery members reuse (features/members): one copy for every password login.
export {
  AccountError,
  apiTokenName,
  DEFAULT_SESSION_POLICY,
  emailProblem,
  MAX_TOKEN_NAME,
  mintApiToken,
  type SessionPolicy,
  sha256,
} from './accounts.js';
export { type AccountRoutesOptions, accountRoutes } from './accounts.routes.js';
export { createApiTokenForEmail, createUser } from './accounts.service.js';
export type { Role } from './accounts.table.js';
export { type AuthOptions, registerAuth, SESSION_COOKIE } from './auth.plugin.js';
export { decoyHash, hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from './password.js';
export { resumeSession } from './sessions.service.js';
export { type ThrottledOutcome, throttledLogin } from './throttled-login.js';
