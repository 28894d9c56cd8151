export type { ActivityOptions } from './activity.js';
export { activityPlugin } from './activity.plugin.js';
export {
  eraseActivityOf,
  recordDiaryActivity,
  recordListActivity,
  recordRatingActivity,
  recordReviewActivity,
  touchActivityOf,
  withdrawListActivity,
} from './activity.service.js';
export { followBar } from './follow-bar.js';
export { activityPrivacySection, exportFollowsOf } from './privacy.service.js';
