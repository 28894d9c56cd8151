export { DEFAULT_SETTINGS, type SiteSettings } from '../../kernel/site-settings.js';
export { registerSettingsRoutes } from './settings.routes.js';
export { loadSettings } from './settings.service.js';
