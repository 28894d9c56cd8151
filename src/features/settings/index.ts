export { DEFAULT_SETTINGS, type SiteSettings } from './settings.js';
export { registerSettingsRoutes } from './settings.routes.js';
export { loadSettings } from './settings.service.js';
