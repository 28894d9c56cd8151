import { Type } from '@sinclair/typebox';
import { Id } from '../../kernel/schemas.js';

/** A `next` to go back to after logging in (checked against open redirects where it is used). */
const Next = Type.String({ maxLength: 500 });

export const LoginQuery = Type.Object({ next: Type.Optional(Next) });

export const LoginForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 1024 }),
  next: Type.Optional(Next),
});

export const InviteForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  email: Type.String({ maxLength: 254 }),
  role: Type.Union([Type.Literal('admin'), Type.Literal('moderator')]),
});

export const PasswordForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  password: Type.String({ maxLength: 1024 }),
});

export const TokenForm = Type.Object({ _csrf: Type.Optional(Type.String()), name: Type.String({ maxLength: 200 }) });

/** The secret of an invitation link, as it appears in /admin/invite/:token. */
export const InviteParams = Type.Object({
  token: Type.String({ minLength: 10, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
});

/** Who an API token acts as (GET /api/v1/admin/me). */
export const Me = Type.Object({ id: Id(), email: Type.String(), role: Type.String() });
