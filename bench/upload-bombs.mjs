// Issue 12, item 9: how responsive the site stays while the admin uploads the worst files it accepts. Starts the built
// server on a fresh SQLite database, logs in as an admin, and while /healthz is polled one request at a time (every
// 10 ms) uploads: a gzip bomb (1 MB on disk, 1 GiB inflated, no line breaks), a gzip file of 1.5 million duplicate
// rows (the IMPORT_MAX_ROWS stop, the most CPU an import can be made to spend), and a 49,000,000 × 1 px PNG poster.
// Prints /healthz p50/p99/max during each, the time each took, and the server's RSS before and after.
// Usage: npm run build && node bench/upload-bombs.mjs   (about 30 s on 2 cores)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { CLI, freePort, sleep, startChild, stopChild, waitFor } from './lib.mjs';

const EMAIL = 'bench-admin@example.org';
const PASSWORD = 'bench password, long enough';

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}

/** A session: cookies carried from answer to answer, the CSRF token read from a page's form. */
function session(base) {
  const jar = new Map();
  const request = async (url, init = {}) => {
    const headers = { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    const response = await fetch(base + url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  const csrf = async (url) => /name="_csrf" value="([^"]+)"/.exec(await (await request(url)).text())?.[1] ?? '';
  return { request, csrf };
}

/** Poll /healthz one request at a time until `done` settles; latencies in ms. */
async function pollHealth(base, done) {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  const latencies = [];
  while (!finished) {
    const started = performance.now();
    const response = await fetch(`${base}/healthz`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    await sleep(10);
  }
  return latencies;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
function describe(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const f = (n) => n.toFixed(1);
  return `/healthz n=${sorted.length} p50 ${f(pct(sorted, 50))} ms, p99 ${f(pct(sorted, 99))} ms, max ${f(sorted.at(-1) ?? 0)} ms`;
}

/** A PNG of width × height black pixels, valid and tiny (test/support/images.ts builds the same for the tests). */
function blackPng(width, height) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (data) => {
    let c = 0xffffffff;
    for (const byte of data) c = table[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc((width + 1) * height), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const HEADER = 'title,year,synopsis,source_id\n';
const files = {
  'gzip bomb (1 GiB of "x", no line breaks)': () => {
    const member = gzipSync(Buffer.alloc(1024 * 1024, 'x'));
    return Buffer.concat([gzipSync(HEADER), ...Array.from({ length: 1024 }, () => member)]);
  },
  'gzip of 1.5 million duplicate rows': () => {
    const rows = gzipSync(Buffer.from('Same Film,2001,Again.,dup-1\n'.repeat(100_000)));
    return Buffer.concat([gzipSync(HEADER), ...Array.from({ length: 15 }, () => rows)]);
  },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-bombs-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${path.join(dir, 'bench.db')}`,
  DATA_DIR: dir,
  IMPORT_DEMO: 'off',
  LOG_LEVEL: 'warn',
  PORT: String(port),
  HOST: '127.0.0.1',
  COOKIE_SECRET: 'bench-secret-bench-secret-bench-secret-42',
};
execFileSync(process.execPath, [CLI, 'create-admin', '--email', EMAIL, '--password-stdin'], { env, input: PASSWORD });
const server = startChild([CLI, 'serve'], env);
try {
  await waitFor(`${base}/healthz`, server);
  const admin = session(base);
  const loginToken = await admin.csrf('/admin/login');
  const login = await admin.request('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: EMAIL, password: PASSWORD, _csrf: loginToken }),
  });
  if (login.status !== 303) throw new Error(`login answered ${login.status}`);

  console.log(`idle: ${describe(await pollHealth(base, sleep(2000)))}; server RSS ${rssMiB(server.pid)} MiB`);

  for (const [name, build] of Object.entries(files)) {
    const data = build();
    const token = await admin.csrf('/admin/import');
    const form = new FormData();
    form.append('_csrf', token);
    form.append('format', 'csv');
    form.append('file', new Blob([data]), 'films.csv.gz');
    const before = rssMiB(server.pid);
    const started = performance.now();
    const job = (async () => {
      const posted = await admin.request('/admin/import', { method: 'POST', body: form });
      const location = posted.headers.get('location');
      if (posted.status !== 303 || !location) throw new Error(`import upload answered ${posted.status}`);
      for (;;) {
        const page = await admin.request(location);
        // A running job's page reloads itself (Refresh header); a finished one does not.
        if (!page.headers.get('refresh')) return page.text();
        await page.arrayBuffer();
        await sleep(200);
      }
    })();
    const latencies = await pollHealth(base, job);
    const page = await job;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const error = /inflates past[^<]*|holds more than[^<]*/.exec(page)?.[0] ?? '(no limit message found)';
    console.log(`${name}, ${(data.length / 1024).toFixed(0)} KB: ${seconds} s, "${error}"`);
    console.log(`  ${describe(latencies)}; server RSS ${before} -> ${rssMiB(server.pid)} MiB`);
  }

  const token = await admin.csrf('/admin/films/new');
  const form = new FormData();
  for (const [k, v] of Object.entries({ _csrf: token, title: 'Strip', year: '2019', synopsis: 'A poster bomb.' }))
    form.append(k, v);
  form.append('poster', new Blob([blackPng(49_000_000, 1)], { type: 'image/png' }), 'strip.png');
  const started = performance.now();
  const posted = admin.request('/admin/films', { method: 'POST', body: form });
  const latencies = await pollHealth(base, posted);
  const answer = await posted;
  const message = /The image is [^<]*/.exec(await answer.text())?.[0] ?? '(no message)';
  console.log(
    `PNG 49,000,000 x 1 px poster: ${answer.status} in ${((performance.now() - started) / 1000).toFixed(2)} s, "${message}"`,
  );
  console.log(`  ${describe(latencies)}; server RSS ${rssMiB(server.pid)} MiB`);
} finally {
  await stopChild(server);
  fs.rmSync(dir, { recursive: true, force: true });
}
