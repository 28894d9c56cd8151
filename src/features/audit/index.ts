export { auditRoutes } from './audit.routes.js';
export { type Actor, type AuditEntry, actorOf, recordAudit, SYSTEM_ACTOR } from './audit.service.js';
