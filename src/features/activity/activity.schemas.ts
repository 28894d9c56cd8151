import { Type } from '@sinclair/typebox';
import { Id } from '../../kernel/schemas.js';

/** As members define handles: 2–30 of `[A-Za-z0-9_-]` (a shorter or odd one is simply not found). */
export const Handle = Type.String({ pattern: '^[A-Za-z0-9_-]{1,30}$' });
export const HandleParams = Type.Object({ handle: Handle });

export const BeforeQuery = Type.Object({
  before: Type.Optional(Id({ description: 'The next value of the previous page: items older than this one' })),
});
export const AfterQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 30, description: 'The next handle of the previous page' })),
});

export const FollowForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  follow: Type.Union([Type.Literal('1'), Type.Literal('0')]),
});

const FilmRef = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  year: Type.Union([Type.Integer(), Type.Null()]),
});

export const ActivityItemJson = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('review'), Type.Literal('rating'), Type.Literal('diary'), Type.Literal('list')]),
  at: Type.String({ description: 'When it happened (ISO 8601, UTC)' }),
  summary: Type.String({ description: 'What happened, in words' }),
  url: Type.String({ description: 'Where it is on the site (a path)' }),
  member: Type.Object({ handle: Type.String(), displayName: Type.String() }),
  film: Type.Union([FilmRef, Type.Null()]),
  text: Type.String({ description: 'A plain-text excerpt of the review or the diary note; spoilers left out' }),
  stars: Type.Union([Type.Number(), Type.Null()]),
  watchedOn: Type.Union([Type.String(), Type.Null()]),
  rewatch: Type.Boolean(),
  list: Type.Union([Type.Object({ slug: Type.String(), title: Type.String() }), Type.Null()]),
});

export const ActivityPageJson = Type.Object({
  items: Type.Array(ActivityItemJson),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'Pass as before for older items; null at the end' }),
});

export const PersonJson = Type.Object({ handle: Type.String(), displayName: Type.String() });
export const FollowingJson = Type.Object({
  people: Type.Array(PersonJson),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as after for the next page' }),
});
export const FollowJson = Type.Object({ handle: Type.String(), displayName: Type.String(), following: Type.Boolean() });
