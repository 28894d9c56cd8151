import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { UnitOfWork, Writer } from '../../kernel/unit-of-work.js';
import { setFlash } from '../../kernel/visitor.js';
import { ListError } from './list.js';
import { CsrfForm, EntryParams, MoveForm, NoteForm } from './lists.schemas.js';
import { moveFilm, noteFilm, removeFilm, type StoredList } from './lists.service.js';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** What an entry write did, in words: the flash for the writer, the summary for an admin's audit entry. */
export interface EntryChange {
  action: 'move' | 'note' | 'remove';
  filmId: number;
  summary: string;
}

/**
 * Where one kind of list owner edits entries: a member their own lists (`/my/lists`), an admin the site's
 * (`/admin/lists`). The writes themselves are the same service calls; only who may, and what else the unit of work
 * records (an admin's audit entry), differ.
 */
export interface EntryWriteSite {
  prefix: '/my/lists' | '/admin/lists';
  options: Pick<RouteShorthandOptions, 'preHandler' | 'config'>;
  /** The list the request may change, or the not-found/forbidden error. */
  load: (request: FastifyRequest, listId: number) => Promise<StoredList>;
  writer: Writer;
  /** Called inside the change's unit of work, after it. */
  also?: (uow: UnitOfWork, request: FastifyRequest, list: StoredList, change: EntryChange) => Promise<void>;
  /** Where the browser goes back to. */
  back: (list: StoredList) => string;
  now: () => Date;
}

/** Move (up, down, to a place), note and remove, as plain forms: POST → 303 back with a flash; no JavaScript needed. */
export function registerEntryWrites(app: App, site: EntryWriteSite): void {
  const route = (
    verb: EntryChange['action'],
    body: typeof MoveForm | typeof NoteForm | typeof CsrfForm,
    change: (uow: UnitOfWork, list: StoredList, filmId: number, request: FastifyRequest) => Promise<string | null>,
    flash: string,
  ) =>
    app.post(
      `${site.prefix}/:id/entries/:filmId/${verb}`,
      { ...site.options, schema: { params: EntryParams, body } },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const { id, filmId } = request.params as { id: number; filmId: number };
        const list = await site.load(request, id);
        try {
          await site.writer.write(async (uow) => {
            const summary = await change(uow, list, filmId, request);
            if (summary !== null) await site.also?.(uow, request, list, { action: verb, filmId, summary });
          });
          setFlash(reply, flash);
        } catch (error) {
          if (!(error instanceof ListError)) throw error;
          setFlash(reply, error.message);
        }
        return reply.redirect(site.back(list), 303);
      },
    );

  route(
    'move',
    MoveForm,
    async (uow, list, filmId, request) => {
      const rank = Number((request.body as { rank: string }).rank);
      await moveFilm(uow, list, filmId, rank, site.now());
      return `Moved film ${filmId} to place ${rank} on “${list.title}”`;
    },
    'Moved.',
  );
  route(
    'note',
    NoteForm,
    async (uow, list, filmId, request) => {
      await noteFilm(uow, list, filmId, (request.body as { note: string }).note, site.now());
      return `Changed the note on film ${filmId} on “${list.title}”`;
    },
    'Note saved.',
  );
  route(
    'remove',
    CsrfForm,
    async (uow, list, filmId) => {
      // A film already gone (a second click) changes nothing, so nothing is audited.
      if (!(await removeFilm(uow, list, filmId, site.now()))) return null;
      return `Removed film ${filmId} from “${list.title}”`;
    },
    'Removed from the list.',
  );
}
