export { clearMemberCookie, registerMemberSessions, setMemberCookie } from './member-session.plugin.js';
export { MemberSessionCache } from './member-session-cache.js';
export { endAllMemberSessions, endMemberSession, startMemberSession } from './member-sessions.service.js';
export { type CreatedMember, createConfirmedMember, type NewMemberInput, startSessionFor } from './members.service.js';
