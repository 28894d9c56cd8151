#!/usr/bin/env node
// Runs the compiled CLI, building it first when a fresh checkout has no dist/ yet.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  const { build } = await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href);
  await build();
}
await import(pathToFileURL(cli).href);
