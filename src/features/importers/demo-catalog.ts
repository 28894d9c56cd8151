import path from 'node:path';
import type { Db } from '../../db/database.js';
import { packageRoot } from '../../lib/package-root.js';
import { countFilms } from '../catalog/index.js';
import { runImport } from './import.service.js';
import { createProgressReporter } from './progress.js';

export const DEMO_CATALOG_PATH = path.join(packageRoot(), 'data', 'demo', 'films.json.gz');
/** Films in the bundled file; shown as the progress total. */
export const DEMO_CATALOG_SIZE = 3491;

/** First start on an empty database: fill it with the bundled demo catalog, showing progress. */
export async function importDemoCatalogIfEmpty(db: Db, log: (line: string) => void): Promise<boolean> {
  if ((await countFilms(db)) > 0) return false;
  log(`Empty catalog: importing the demo catalog from ${path.relative(process.cwd(), DEMO_CATALOG_PATH)}`);
  const progress = createProgressReporter('Demo import', DEMO_CATALOG_SIZE);
  const summary = await runImport(db, {
    file: DEMO_CATALOG_PATH,
    format: 'wikipedia-json',
    onProgress: (p) => progress.update(p),
  });
  progress.stop();
  log(`Demo catalog ready: ${summary.inserted} films imported, ${summary.rejected.length} rejected.`);
  return true;
}
