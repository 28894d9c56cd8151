import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const mustHave = process.env.CI === 'true' || process.env.REQUIRE_PG === '1';

function available(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined;
}

/** Whether xmllint (Debian libxml2-utils) is here; on CI its absence is a failure, not a skip. */
export function hasXmllint(): boolean {
  const ok = available('xmllint', ['--version']);
  if (!ok && mustHave) throw new Error('xmllint is required on CI (apt-get install libxml2-utils)');
  if (!ok) process.stdout.write('[validators] xmllint not found: XML schema checks skipped\n');
  return ok;
}

export function hasJava(): boolean {
  const ok = available('java', ['-version']);
  if (!ok && mustHave)
    throw new Error('java is required on CI for the Nu HTML Checker (apt-get install default-jre-headless)');
  if (!ok) process.stdout.write('[validators] java not found: Nu HTML Checker skipped\n');
  return ok;
}

/** Validate an XML document against an XSD with xmllint; returns xmllint's complaints, empty when valid. */
export function xmllintErrors(xml: string, xsdPath: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xmllint-'));
  const file = path.join(dir, 'doc.xml');
  fs.writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', xsdPath, file], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return result.status === 0 ? '' : result.stderr;
}

export interface VnuMessage {
  type: string;
  subType?: string;
  message: string;
  extract?: string;
  url?: string;
}

/** Run the Nu HTML Checker (vnu-jar) once over several pages; returns its error messages per page name. */
export function vnuErrors(pages: Record<string, string>): Record<string, VnuMessage[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vnu-'));
  const files = Object.entries(pages).map(([name, html]) => {
    const file = path.join(dir, `${name}.html`);
    fs.writeFileSync(file, html);
    return file;
  });
  const jar = path.resolve('node_modules/vnu-jar/build/dist/vnu.jar');
  // vnu writes its JSON report to stderr.
  const result = spawnSync('java', ['-jar', jar, '--format', 'json', '--exit-zero-always', ...files], {
    encoding: 'utf8',
  });
  const output = result.stderr;
  fs.rmSync(dir, { recursive: true, force: true });
  const report = JSON.parse(output) as { messages: VnuMessage[] };
  const byPage: Record<string, VnuMessage[]> = {};
  for (const name of Object.keys(pages)) byPage[name] = [];
  for (const message of report.messages) {
    if (message.type !== 'error') continue;
    const name = path.basename(message.url ?? '', '.html');
    byPage[name] = [...(byPage[name] ?? []), message];
  }
  return byPage;
}
