import { createServer, Socket, type Server } from 'node:net';
import { freePort } from '../../../scripts/lib/free-port.ts';

/**
 * A TCP relay in front of the Worker that can be switched off and on again on the same port:
 * to the extension, the Worker is then unreachable, then back.
 */
export async function switchableProxy(targetPort: number): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(targetPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', resolve);
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      sockets.forEach((socket) => socket.destroy());
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  await start();
  return { url: `http://127.0.0.1:${port}`, stop, start };
}
