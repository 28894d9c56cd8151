import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listsApiRoutes } from './lists.api.js';
import { type ListsDeps, listPagesRoutes } from './lists.routes.js';
import { myListsRoutes } from './my-lists.routes.js';
import { siteListsRoutes } from './site-lists.routes.js';

export { LIST_LIMITS, ListError } from './list.js';
export { type ImportRow, importIntoList, type ListImportReport } from './lists.csv.js';
export {
  type ExportedList,
  eraseListLikesOf,
  eraseListsOf,
  exportListsOf,
  listLikesForExport,
  listsPrivacySection,
} from './lists.erase.js';
export { listsFilmSection, listsHomeSection, listsSearchGroup } from './lists.sections.js';
export { createList, findMemberList, ownedList, type StoredList } from './lists.service.js';
export type { ListsTables } from './lists.table.js';
export type { ListsDeps };

/** Every lists route: pages, the member's own forms, the admin's site lists, and the API. */
export const listsPlugin: FastifyPluginAsyncTypebox<ListsDeps> = async (app, deps) => {
  for (const routes of [listPagesRoutes, myListsRoutes, siteListsRoutes, listsApiRoutes])
    await app.register(routes, deps);
};
