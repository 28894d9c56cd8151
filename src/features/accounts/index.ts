export { registerAccountRoutes } from './accounts.routes.js';
export {
  AccountError,
  createApiTokenForEmail,
  createUser,
  DEFAULT_SESSION_POLICY,
  resumeSession,
  type SessionPolicy,
  type SignedInUser,
} from './accounts.service.js';
export type { Role } from './accounts.table.js';
export { registerAuth, SESSION_COOKIE } from './auth.plugin.js';
