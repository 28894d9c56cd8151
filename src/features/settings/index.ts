export { DEFAULT_SETTINGS, type SiteSettings } from '../../kernel/site-settings.js';
export { settingsRoutes } from './settings.routes.js';
export { loadSettings } from './settings.service.js';
