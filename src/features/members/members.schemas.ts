import { Type } from '@sinclair/typebox';

const Csrf = Type.Optional(Type.String());
// Lengths a little past what the rules allow, so that the rule (with its message naming the field) decides, not 400.
const Email = Type.String({ maxLength: 320 });
const Password = Type.String({ maxLength: 1024 });

export const JoinForm = Type.Object({
  _csrf: Csrf,
  email: Email,
  password: Password,
  display_name: Type.String({ maxLength: 200 }),
  handle: Type.String({ maxLength: 100 }),
});

export const MemberLoginForm = Type.Object({
  _csrf: Csrf,
  email: Email,
  password: Password,
  next: Type.Optional(Type.String({ maxLength: 500 })),
});

export const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) });
export const EmailForm = Type.Object({ _csrf: Csrf, email: Email });
export const PasswordOnlyForm = Type.Object({ _csrf: Csrf, password: Password });
export const CsrfOnlyForm = Type.Object({ _csrf: Csrf });

/** The secret of a one-time link in its path. */
export const TokenParams = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
});
