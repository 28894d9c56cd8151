export { registerSeoRoutes } from './seo.routes.js';
