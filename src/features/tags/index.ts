export { tagsRoutes } from './tags.routes.js';
export { tagsFilmSection } from './tags.section.js';
export { importTag, tagFilm } from './tags.service.js';
export type { TagsTables } from './tags.table.js';
