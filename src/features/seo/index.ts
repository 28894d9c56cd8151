export { seoRoutes } from './seo.routes.js';
export { escapeXml } from './xml.js';
