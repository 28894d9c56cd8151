// Mixed load (issue 13, c): up to 2,000 films visited with a Zipf(1.0) distribution by 1,000 visitors of whom 30%
// have voted, while 1% of requests are votes or likes on those films; prints the page cache's hit ratio (from the
// x-page-cache header of every answer, counted by wrk's Lua script) beside a bare node:http server.
// Usage: node bench/mixed-bench.mjs   (env: BENCH_ROUND_SECONDS=5)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWrk, fmt, freePort, ROOT, runCommand, startChild, startDemoServer, stopChild, waitFor } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 5);
const VISITORS = 1000;
const VOTERS = 300;
const REQUESTS = 20_000;

function rawRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const parts = [];
      res.on('data', (chunk) => parts.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A seeded generator, so that two runs send the same requests. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LUA = `
local requests = {}
hits, misses, other, writes, last_other = 0, 0, 0, 0, 0
local i = 0
function init(args)
  for line in io.lines(args[1]) do
    local method, path, cookie, token, body = line:match("^(%S+)\\t(%S+)\\t([^\\t]*)\\t([^\\t]*)\\t(.*)$")
    local headers = { ["Accept-Encoding"] = "gzip, deflate, br" }
    if cookie ~= "" then headers["Cookie"] = cookie end
    if token ~= "" then headers["X-CSRF-Token"] = token end
    if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
end
function request()
  i = i % #requests + 1
  return requests[i]
end
function response(status, headers, body)
  local cache = headers["x-page-cache"] or headers["X-Page-Cache"]
  if cache == "hit" then hits = hits + 1 elseif cache == "miss" then misses = misses + 1
  elseif status < 300 then writes = writes + 1 else other = other + 1; last_other = status end
end
local threads = {}
function setup(thread) threads[#threads + 1] = thread end
function done(summary, latency, requests)
  local h, m, o, w = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hits"); m = m + t:get("misses"); o = o + t:get("other"); w = w + t:get("writes")
  end
  io.write(string.format("LAST_OTHER %d\\n", threads[1]:get("last_other")))
  io.write(string.format("MIXED %d %d %d %d %.3f %.3f\\n", h, m, w, o, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
`;

async function wrkMixed(url, script, requestFile, seconds) {
  const args = ['-t1', '-c32', `-d${seconds}s`, '--latency', '-s', script, url, '--', requestFile];
  const result = await runCommand('wrk', args, process.env);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(result.stdout)?.[1] ?? 0);
  const [, h, m, w, o, p50, p99] = /MIXED (\d+) (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stdout) ?? [];
  if (+o > 0) console.log(`  (last refused status: ${/LAST_OTHER (\d+)/.exec(result.stdout)?.[1]})`);
  return { rps, hits: +h, misses: +m, writes: +w, other: +o, p50: +p50, p99: +p99 };
}

export async function benchMixed(log = console.log) {
  ensureWrk();
  const {
    dir,
    base,
    child: reelhouse,
  } = await startDemoServer('mixed', {
    // One machine sends everything: the per-IP limits would refuse the writes this bench is about.
    VOTES_PER_IP_PER_FILM: '1000000',
    WRITES_PER_IP_PER_MINUTE: '1000000',
    WRITES_PER_VISITOR_PER_MINUTE: '1000000',
  });
  let bare;
  try {
    await waitFor(`${base}/healthz`, reelhouse);
    const slugs = new Set();
    const index = (await rawRequest(`${base}/sitemap.xml`)).body.toString();
    for (const [, map] of index.matchAll(/<loc>[^<]*(\/sitemaps\/films-\d+\.xml)<\/loc>/g)) {
      const list = (await rawRequest(`${base}${map}`)).body.toString();
      for (const [, slug] of list.matchAll(/\/film\/([^<"/]+)<\/loc>/g))
        if (slugs.size < 2000) slugs.add(encodeURIComponent(decodeURIComponent(slug)));
    }
    const films = [...slugs];
    if (films.length === 0) throw new Error('no films in the sitemap');
    const next = random(13);
    // Zipf(1.0): film k (1-based) with weight 1/k.
    const cumulative = [];
    let total = 0;
    for (let k = 1; k <= films.length; k++) {
      total += 1 / k;
      cumulative.push(total);
    }
    const zipf = () => {
      const x = next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return films[lo];
    };
    const visitors = [];
    for (let v = 0; v < VISITORS; v++) {
      const session = await rawRequest(`${base}/api/v1/session`);
      const cookie = (session.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ');
      visitors.push({ cookie, token: JSON.parse(session.body.toString()).csrfToken });
    }
    for (const voter of visitors.slice(0, VOTERS)) {
      const answer = await rawRequest(`${base}/api/v1/films/${zipf()}/rating`, {
        method: 'PUT',
        headers: { cookie: voter.cookie, 'x-csrf-token': voter.token, 'content-type': 'application/json' },
        body: JSON.stringify({ stars: 1 + Math.floor(next() * 5) }),
      });
      if (answer.status !== 200) throw new Error(`setup vote: ${answer.status} ${answer.body}`);
      // The rh_seen and visitor cookies the write set, as a browser would keep them.
      const set = (answer.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]);
      const jar = new Map([...voter.cookie.split('; '), ...set].map((p) => [p.slice(0, p.indexOf('=')), p]));
      voter.cookie = [...jar.values()].join('; ');
    }
    const lines = [];
    for (let r = 0; r < REQUESTS; r++) {
      const visitor = visitors[Math.floor(next() * VISITORS)];
      const film = zipf();
      if (next() < 0.01) {
        if (next() < 0.5) {
          const body = JSON.stringify({ stars: 1 + Math.floor(next() * 5) });
          lines.push(['PUT', `/api/v1/films/${film}/rating`, visitor.cookie, visitor.token, body].join('\t'));
        } else {
          const method = next() < 0.5 ? 'POST' : 'DELETE';
          lines.push([method, `/api/v1/films/${film}/like`, visitor.cookie, visitor.token, ''].join('\t'));
        }
      } else lines.push(['GET', `/film/${film}`, visitor.cookie, '', ''].join('\t'));
    }
    const requestFile = path.join(dir, 'requests.tsv');
    fs.writeFileSync(requestFile, `${lines.join('\n')}\n`);
    const script = path.join(dir, 'mixed.lua');
    fs.writeFileSync(script, LUA);

    // The bare server answers every request with the most visited page as Reelhouse sends it compressed.
    const top = await rawRequest(`${base}/film/${films[0]}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const bodyFile = path.join(dir, 'top.bin');
    fs.writeFileSync(bodyFile, top.body);
    const barePort = await freePort();
    const headers = { ...top.headers };
    for (const name of ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])
      delete headers[name];
    bare = startChild([path.join(ROOT, 'bench', 'bare-server.mjs'), bodyFile, String(barePort)], {
      ...process.env,
      BARE_HEADERS: JSON.stringify(headers),
    });
    await waitFor(`http://127.0.0.1:${barePort}/healthz`, bare);

    // Every film page once, as a site that has been up a while has them: the run measures the steady state.
    for (let at = 0; at < films.length; at += 16) {
      await Promise.all(
        films
          .slice(at, at + 16)
          .map((film) => rawRequest(`${base}/film/${film}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } })),
      );
    }
    // Every visitor once too: a returning visitor's votes and likes are in memory on a site up a while (a first
    // request of each reads them from the database; a 5 s run at a few hundred req/s is mostly first requests).
    for (let at = 0; at < visitors.length; at += 16) {
      await Promise.all(
        visitors.slice(at, at + 16).map((visitor) =>
          rawRequest(`${base}/film/${films[0]}`, {
            headers: { 'accept-encoding': 'gzip, deflate, br', cookie: visitor.cookie },
          }),
        ),
      );
    }
    await wrkMixed(base, script, requestFile, 1);
    const r = await wrkMixed(base, script, requestFile, SECONDS);
    const b = await wrkMixed(`http://127.0.0.1:${barePort}`, script, requestFile, SECONDS);
    const pages = r.hits + r.misses;
    const ratio = pages ? r.hits / pages : 0;
    log(
      `  ${films.length} films, ${VISITORS} visitors (${VOTERS} voted), 1% writes; wrk -t1 -c32 ${SECONDS} s, Accept-Encoding: gzip, deflate, br`,
    );
    log(
      `  Reelhouse ${fmt(r.rps)} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms), bare ${fmt(b.rps)} req/s: ratio ${(r.rps / b.rps).toFixed(2)}`,
    );
    log(
      `  page cache hit ratio ${(ratio * 100).toFixed(1)}% (${r.hits} hits, ${r.misses} misses, ${r.writes} writes, ${r.other} other)`,
    );
    return { films: films.length, reelhouse: r, bare: b, hitRatio: ratio };
  } catch (error) {
    if (reelhouse.stderrText) error.message += `\nReelhouse stderr:\n${reelhouse.stderrText}`;
    throw error;
  } finally {
    if (bare) await stopChild(bare);
    await stopChild(reelhouse);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('Mixed load: Zipf film visits by returning visitors with 1% writes, Reelhouse vs bare node:http:');
  await benchMixed();
}
