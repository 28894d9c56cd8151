// Client islands: each enhances a form that already works without JavaScript. Bundled by esbuild at start-up.
import { enhanceComments } from './comments.js';
import { enhanceImportProgress } from './import-progress.js';
import { enhanceLikes } from './like.js';
import { enhanceListReorder } from './list-reorder.js';
import { enhanceRatings } from './rating.js';
import { enhanceSearchBoxes } from './search-box.js';
import { enhanceWatchlist } from './watchlist.js';

enhanceRatings(document);
enhanceLikes(document);
enhanceComments(document);
enhanceSearchBoxes(document);
enhanceWatchlist(document);
enhanceListReorder(document);
enhanceImportProgress(document);
