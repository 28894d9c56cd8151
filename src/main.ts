import { type Config, loadConfig } from './config.js';
import { createDb } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { importDemoCatalogIfEmpty } from './features/importers/index.js';
import { rebuildRelatedIfMissing } from './features/related/index.js';
import { createApp } from './server/app.js';

/** loadConfig → createDb → migrate → (demo import) → createApp → listen; drains on SIGTERM/SIGINT. */
export async function serve(config: Config = loadConfig()): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Requests that meet the outage answer 503 and log it; this reports the connections it broke while idle.
  const db = createDb(config.database, {
    onConnectionError: (error) => log(`Database connection lost (${error.message}); reconnecting on next use`),
  });
  const applied = await migrateToLatest(db);
  if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
  if (config.importDemo) await importDemoCatalogIfEmpty(db, log);
  // An instance that does not work the related queue holds no model: it leaves missing lists to the one that does.
  if (config.relatedWorker) await rebuildRelatedIfMissing(db, log);

  const app = await createApp({
    config,
    db,
    mailWorker: true,
    changeFeed: true,
    relatedPollMs: 500,
    relatedThread: true,
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: finishing open requests, then stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const where = config.database.dialect === 'sqlite' ? config.database.file : 'PostgreSQL';
  log(`Reelhouse is serving ${config.publicUrl} (database: ${where})`);
}
