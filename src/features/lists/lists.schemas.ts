import { Type } from '@sinclair/typebox';
import { Id, IdText, Slug } from '../../kernel/schemas.js';

const Csrf = Type.Optional(Type.String());
const Visibility = Type.Union([Type.Literal('public'), Type.Literal('unlisted'), Type.Literal('private')]);

/** The list form: limits here are generous transport bounds; the named limits are checked in list.ts. */
export const ListForm = Type.Object({
  _csrf: Csrf,
  title: Type.String({ maxLength: 2000 }),
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
  ranked: Type.Optional(Type.String({ maxLength: 5 })),
  visibility: Type.Optional(Type.String({ maxLength: 20 })),
});

export const AddToListForm = Type.Intersect([
  Type.Object({
    list: Type.Union([IdText, Type.Literal('new')]),
    note: Type.Optional(Type.String({ maxLength: 20_000 })),
  }),
  Type.Partial(ListForm),
]);

export const MoveForm = Type.Object({ _csrf: Csrf, rank: Type.String({ pattern: '^[0-9]{1,6}$' }) });
export const NoteForm = Type.Object({ _csrf: Csrf, note: Type.String({ maxLength: 20_000 }) });
export const CsrfForm = Type.Object({ _csrf: Csrf });
export const LikeForm = Type.Object({ _csrf: Csrf, liked: Type.Union([Type.Literal('1'), Type.Literal('0')]) });

export const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) });
export const ListIdParams = Type.Object({ id: Id() });
export const EntryParams = Type.Object({ id: Id(), filmId: Id() });
export const HandleParams = Type.Object({
  handle: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});
export const MemberListParams = Type.Object({
  handle: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  slug: Slug(),
});

// The API's shapes.
export const ListInputBody = Type.Object({
  title: Type.String({ maxLength: 2000 }),
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
  ranked: Type.Optional(Type.Boolean()),
  visibility: Type.Optional(Visibility),
});
export const EntryInputBody = Type.Object({
  filmId: Id(),
  note: Type.Optional(Type.String({ maxLength: 20_000 })),
});
export const EntryUpdateBody = Type.Object({
  position: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: '1-based rank to move to' })),
  note: Type.Optional(Type.String({ maxLength: 20_000 })),
});
export const ListJson = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  description: Type.String(),
  ranked: Type.Boolean(),
  visibility: Visibility,
  entryCount: Type.Integer(),
  likeCount: Type.Integer(),
  url: Type.String(),
  owner: Type.Union([Type.Null(), Type.Object({ handle: Type.String(), displayName: Type.String() })]),
  updatedAt: Type.String(),
});
export const EntryJson = Type.Object({
  position: Type.Integer(),
  film: Type.Object({
    id: Type.Integer(),
    slug: Type.String(),
    title: Type.String(),
    year: Type.Union([Type.Integer(), Type.Null()]),
  }),
  note: Type.String(),
  addedAt: Type.String(),
});
export const ListWithEntriesJson = Type.Object({
  list: ListJson,
  entries: Type.Array(EntryJson),
  page: Type.Integer(),
  pageCount: Type.Integer(),
});
