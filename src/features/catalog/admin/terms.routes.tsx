import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../../kernel/admin-page.js';
import type { AppContext } from '../../../kernel/context.js';
import { AppError } from '../../../kernel/errors.js';
import { IdParams, IdText, OptionalIdText } from '../../../kernel/schemas.js';
import { currentUser } from '../../../kernel/staff.js';
import { setFlash } from '../../../kernel/visitor.js';
import { actorOf } from '../../audit/index.js';
import type { CatalogDeps } from '../catalog.deps.js';
import { CatalogEditError } from './films.service.js';
import {
  createTerm,
  listCategoryTree,
  listGenresInOrder,
  mergeTerm,
  moveTerm,
  renameTerm,
  setCategoryParent,
  type TermKind,
  writeTerms,
} from './terms.service.js';
import { TERM_BASE, type TermProblem, TermsPage } from './views/TermsPage.js';

const csrf = { _csrf: Type.Optional(Type.String()) };
const NameForm = Type.Object({ ...csrf, name: Type.String({ maxLength: 1000 }) });
const CreateForm = Type.Object({
  ...csrf,
  name: Type.String({ maxLength: 1000 }),
  parentId: Type.Optional(OptionalIdText),
});
const ParentForm = Type.Object({ ...csrf, parentId: OptionalIdText });
const MergeForm = Type.Object({ ...csrf, targetId: IdText });
const MoveForm = Type.Object({ ...csrf, direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });

const TITLE: Record<TermKind, string> = { category: 'Categories', genre: 'Genres' };
const NOT_FOUND = { category: 'category_not_found', genre: 'genre_not_found' } as const;
const toId = (text: string | undefined) => (text ? Number(text) : null);

type AdminApp = Parameters<FastifyPluginAsyncTypebox<CatalogDeps>>[0];

/** The list page of a kind of term, and how a write lands: back on the list, or the list with the problem shown. */
function termResponses(app: AdminApp, ctx: AppContext, kind: TermKind) {
  const base = TERM_BASE[kind];
  const list = () => (kind === 'category' ? listCategoryTree(ctx.db) : listGenresInOrder(ctx.db));
  const sendList = async (request: FastifyRequest, reply: FastifyReply, problem?: TermProblem) =>
    sendAdminPage(app, ctx, request, reply, {
      current: base,
      title: TITLE[kind],
      status: problem ? 400 : 200,
      body: <TermsPage kind={kind} terms={await list()} problem={problem} />,
    });

  /** Run a write; a CatalogEditError comes back as the list with the message next to the field. */
  const act = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problemAt: { id: number | 'new'; value?: string },
    run: () => Promise<string | undefined>,
  ) => {
    try {
      const flash = await run();
      if (flash === undefined) throw new AppError(NOT_FOUND[kind], `There is no ${kind} with this id.`);
      setFlash(reply, flash);
      return reply.redirect(base, 303);
    } catch (error) {
      if (error instanceof CatalogEditError) {
        return sendList(request, reply, { ...problemAt, field: error.field ?? 'name', message: error.message });
      }
      throw error;
    }
  };
  return { sendList, act };
}

/** The routes of one kind of term. */
function termRoutes(app: AdminApp, ctx: AppContext, kind: TermKind) {
  const base = TERM_BASE[kind];
  const config = { role: 'admin' as const };
  const { sendList, act } = termResponses(app, ctx, kind);
  const actor = (request: FastifyRequest) => actorOf(currentUser(request));

  app.get(base, { config }, async (request, reply) => sendList(request, reply));

  app.post(base, { config, schema: { body: CreateForm } }, async (request, reply) =>
    act(request, reply, { id: 'new', value: request.body.name }, async () => {
      const input = { name: request.body.name, parentId: toId(request.body.parentId) };
      const created = await writeTerms(ctx.writer, (trx) =>
        createTerm(trx, kind, input, actor(request), ctx.clock.now()),
      );
      return `Created the ${kind} at /${kind}/${created.slug}.`;
    }),
  );

  app.post(`${base}/:id/rename`, { config, schema: { params: IdParams, body: NameForm } }, async (request, reply) =>
    act(request, reply, { id: request.params.id, value: request.body.name }, async () => {
      const renamed = await writeTerms(ctx.writer, (trx) =>
        renameTerm(trx, kind, request.params.id, request.body.name, actor(request), ctx.clock.now()),
      );
      if (!renamed) return undefined;
      return renamed.slug === renamed.previousSlug
        ? 'Renamed.'
        : `Renamed. /${kind}/${renamed.previousSlug} now redirects to /${kind}/${renamed.slug}.`;
    }),
  );

  if (kind === 'category') {
    app.post(`${base}/:id/parent`, { config, schema: { params: IdParams, body: ParentForm } }, async (request, reply) =>
      act(request, reply, { id: request.params.id }, async () => {
        const moved = await writeTerms(ctx.writer, (trx) =>
          setCategoryParent(trx, request.params.id, toId(request.body.parentId), actor(request), ctx.clock.now()),
        );
        return moved ? 'Moved.' : undefined;
      }),
    );
  }

  app.post(`${base}/:id/merge`, { config, schema: { params: IdParams, body: MergeForm } }, async (request, reply) =>
    act(request, reply, { id: request.params.id }, async () => {
      const merged = await writeTerms(ctx.writer, (trx) =>
        mergeTerm(trx, kind, request.params.id, Number(request.body.targetId), actor(request), ctx.clock.now()),
      );
      if (!merged) return undefined;
      return `Merged ${merged.moved} film(s) into “${merged.target.name}”. The old address redirects to /${kind}/${merged.target.slug}.`;
    }),
  );

  app.post(`${base}/:id/move`, { config, schema: { params: IdParams, body: MoveForm } }, async (request, reply) =>
    act(request, reply, { id: request.params.id }, async () => {
      const moved = await writeTerms(ctx.writer, (trx) =>
        moveTerm(trx, kind, request.params.id, request.body.direction, actor(request), ctx.clock.now()),
      );
      return moved ? 'Order saved.' : undefined;
    }),
  );
}

/**
 * Categories and genres: create, rename (old address redirects), nest (categories), merge, reorder. Each write runs
 * as one unit of work (writeTerms) with its audit entry, then lands back on the list.
 */
export const termAdminRoutes: FastifyPluginAsyncTypebox<CatalogDeps> = async (app, { ctx }) => {
  for (const kind of ['category', 'genre'] as const) termRoutes(app, ctx, kind);
};
