import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/** A real JPEG of the given size (a poster needs at least 200 px across). */
export const jpeg = (width = 300, height = 450) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .toBuffer();

/**
 * A local HTTP server for the media downloads: /img.jpg (an image), /page.html (not an image), /big.jpg (declares
 * and sends more than the limit), /slow.jpg (never finishes), /hop/N (N redirects, then the image), /lying.jpg (says
 * image/jpeg, sends text).
 */
export async function startMediaServer(image: Buffer) {
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    const hop = /^\/hop\/(\d+)$/.exec(url);
    if (hop) {
      const left = Number(hop[1]);
      response.writeHead(302, { location: left > 1 ? `/hop/${left - 1}` : '/img.jpg' }).end();
    } else if (url === '/img.jpg' || url.startsWith('/wp-content/uploads/')) {
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': image.length }).end(image);
    } else if (url === '/page.html') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>not an image</html>');
    } else if (url === '/lying.jpg') {
      response.writeHead(200, { 'content-type': 'image/jpeg' }).end('this is text, not a JPEG');
    } else if (url === '/big.jpg') {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      response.end(Buffer.alloc(64 * 1024));
    } else if (url === '/slow.jpg') {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      response.write(image.subarray(0, 10));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
