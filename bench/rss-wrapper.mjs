// Runs the compiled CLI in this process and writes its peak RSS (KiB, like GNU time's %M) to a file on exit.
// Used when /usr/bin/time is not installed. Usage: node bench/rss-wrapper.mjs <rss file> <cli args…>
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [rssFile, ...cliArgs] = process.argv.slice(2);
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
process.on('exit', () => {
  fs.writeFileSync(rssFile, `${process.resourceUsage().maxRSS}\n`);
});
// The CLI parses process.argv when it loads: make it look as if it had been started directly.
process.argv = [process.argv[0], cli, ...cliArgs];
await import(pathToFileURL(cli).href);
