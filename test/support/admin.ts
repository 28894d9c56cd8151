import { createUser } from '../../src/features/accounts/index.js';
import type { TestApp } from './app.js';
import { TestVisitor } from './visitor.js';

export const ADMIN = { email: 'owner@example.org', password: 'correct horse battery staple' };
export const MODERATOR = { email: 'mod@example.org', password: 'moderating all day long' };

/** Create the admin and the moderator accounts tests log in as. */
export async function createStaff(t: TestApp, now: Date): Promise<void> {
  const cli = { id: null, label: 'cli' };
  await createUser(t.t.db, { ...ADMIN, role: 'admin' }, cli, now);
  await createUser(t.t.db, { ...MODERATOR, role: 'moderator' }, cli, now);
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A browser-like client logged in as `who`, holding a CSRF token for its forms. */
export async function logIn(t: TestApp, who: { email: string; password: string }, ip: string): Promise<TestVisitor> {
  const v = new TestVisitor(t.app, ip);
  const page = await v.request({ url: '/admin/login' });
  v.csrfToken = csrfOf(page.body);
  const response = await v.form('/admin/login', who);
  if (response.statusCode !== 303) throw new Error(`login as ${who.email} answered ${response.statusCode}`);
  return v;
}

export interface FilePart {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A multipart/form-data body as a browser sends it for a form with a file input. */
export function multipart(fields: Record<string, string | string[]>, file?: FilePart) {
  const boundary = `----reelhouse${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of [value].flat()) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`));
    }
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Post a multipart form as `v`, with its CSRF token. */
export function postMultipart(v: TestVisitor, url: string, fields: Record<string, string | string[]>, file?: FilePart) {
  const body = multipart({ _csrf: v.csrfToken, ...fields }, file);
  return v.request({ method: 'POST', url, headers: body.headers, payload: body.payload });
}
