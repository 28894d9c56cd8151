import { Type } from '@sinclair/typebox';

export const PageForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  title: Type.String({ maxLength: 1000 }),
  path: Type.String({ maxLength: 1000 }),
  markdown: Type.String({ maxLength: 250_000 }),
  published: Type.Optional(Type.Literal('1')),
});

export const CsrfOnlyForm = Type.Object({ _csrf: Type.Optional(Type.String()) });
