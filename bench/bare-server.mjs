// The baseline: a bare node:http server, one process, answering every request with the same status, headers
// (content-type, content-length, cache-control) and body bytes that Reelhouse sent for the page under test.
// Usage: node bench/bare-server.mjs <body file> <port>   (headers as JSON in BARE_HEADERS)
import fs from 'node:fs';
import http from 'node:http';

const [bodyFile, portArg] = process.argv.slice(2);
const body = fs.readFileSync(bodyFile);
const status = Number(process.env.BARE_STATUS ?? 200);
const headers = JSON.parse(process.env.BARE_HEADERS ?? '{}');
headers['content-length'] = String(body.length);

const server = http.createServer((request, response) => {
  if (request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
    return;
  }
  response.writeHead(status, headers).end(body);
});
// Match Fastify's default keep-alive (72 s) so neither side closes wrk's connections.
server.keepAliveTimeout = 72_000;
server.listen(Number(portArg), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
