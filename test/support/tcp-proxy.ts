// A TCP proxy the test controls, in front of a real server (PostgreSQL): stopping it is what a database outage looks
// like from the app's side (open connections reset, new ones refused), without touching the shared database server.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Reset every open connection and stop listening: the database "goes away". */
  stop(): Promise<void>;
  /** Listen again on the same port: the database "comes back". */
  start(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A reset on one side is expected when the proxy stops; it must not crash the test process.
    socket.on('error', () => socket.destroy());
  };
  let server: net.Server | undefined;
  let listeningPort = port;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        track(client);
        const upstream = net.connect(target.port, target.host);
        track(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(listeningPort, '127.0.0.1', () => {
        const address = s.address();
        if (address && typeof address !== 'string') listeningPort = address.port;
        server = s;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await start();
  return {
    get port() {
      return listeningPort;
    },
    start,
    stop,
  };
}
