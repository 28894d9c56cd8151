import cliProgress from 'cli-progress';
import type { ImportProgress } from './import.service.js';

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  stop(): void;
}

/**
 * A bar on a terminal; elsewhere (CI logs, systemd) one line every `everyMs`, since a redrawn bar would fill a log
 * with control characters.
 */
export function createProgressReporter(
  label: string,
  total: number | undefined,
  stream = process.stderr,
): ProgressReporter {
  if (stream.isTTY && total) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} films | {inserted} new, {updated} updated, {rejected} rejected`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { inserted: 0, updated: 0, rejected: 0 });
    return {
      update: (p) => bar.update(p.processed, { inserted: p.inserted, updated: p.updated, rejected: p.rejected }),
      stop: () => bar.stop(),
    };
  }
  let lastLine = 0;
  const line = (p: ImportProgress) =>
    `${label}: ${p.processed}${total ? `/${total}` : ''} films (${p.inserted} new, ${p.updated} updated, ${p.unchanged} unchanged, ${p.rejected} rejected)\n`;
  let latest: ImportProgress | undefined;
  return {
    update(p) {
      latest = p;
      if (Date.now() - lastLine >= 1000) {
        lastLine = Date.now();
        stream.write(line(p));
      }
    },
    stop() {
      if (latest) stream.write(line(latest));
    },
  };
}
