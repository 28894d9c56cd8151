export type { SignedInUser } from '../../kernel/staff.js';
export { AccountError, DEFAULT_SESSION_POLICY, type SessionPolicy } from './accounts.js';
export { type AccountRoutesOptions, accountRoutes } from './accounts.routes.js';
export { createApiTokenForEmail, createUser } from './accounts.service.js';
export type { Role } from './accounts.table.js';
export { type AuthOptions, registerAuth, SESSION_COOKIE } from './auth.plugin.js';
export { resumeSession } from './sessions.service.js';
