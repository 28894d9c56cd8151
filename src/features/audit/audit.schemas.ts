import { type Static, Type } from '@sinclair/typebox';

/** The audit log page's filters and page number. */
export const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 254 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  target: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
export type AuditQuery = Static<typeof AuditQuery>;
