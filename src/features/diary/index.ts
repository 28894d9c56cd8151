export { diaryApi } from './diary.api.js';
export type { DiaryDeps } from './diary.deps.js';
export { diaryRoutes } from './diary.routes.js';
export { diaryFilmSection } from './diary.section.js';
export { eraseDiaryOf, exportDiaryOf } from './privacy.js';
export { profileRoutes } from './profile.routes.js';
export { watchlistOfMemberVisitor } from './watchlist.repository.js';
export { watchlistRoutes } from './watchlist.routes.js';
