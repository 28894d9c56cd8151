export { registerAccountRoutes } from './accounts.routes.js';
export {
  AccountError,
  actorOf,
  createApiTokenForEmail,
  createUser,
  DEFAULT_SESSION_POLICY,
  resumeSession,
  type SessionPolicy,
  type SignedInUser,
} from './accounts.service.js';
export type { Role } from './accounts.table.js';
export { currentUser, sendAdminPage } from './admin-page.js';
export { canAccess, registerAuth, SESSION_COOKIE } from './auth.plugin.js';
