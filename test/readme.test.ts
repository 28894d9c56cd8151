import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_DOCS } from '../src/config.js';

const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the two commands of the quick start', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Quick start') + 400);
    expect(quickStart).toContain('npm install && npm start');
    expect(quickStart).toContain('npm test');
  });

  it('documents every environment variable the server reads', () => {
    const missing = ENV_DOCS.map((e) => e.name).filter((name) => !readme.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });
});
