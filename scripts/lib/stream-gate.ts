import { createServer, Socket, type Server } from 'node:net';
import { freePort } from './free-port.ts';

export interface StreamGate {
  /** The Worker, reached through the gate. */
  url: string;
  /** `METHOD /path?query` of every HTTP request that went through, in order. */
  requests: string[];
  /** Drops the open WebSockets and refuses new ones; plain HTTP still passes. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\S+) HTTP\/1\.1\r\n/gm;
const UPGRADE = /\r\nupgrade:\s*websocket\r\n/i;

/**
 * A TCP relay in front of the Worker that can cut its WebSockets alone: to the extension the
 * event stream is then down while polling still works, as behind a proxy that drops long
 * connections. It also notes each request, so a test can tell a push from a poll.
 */
export async function streamGate(targetPort: number): Promise<StreamGate> {
  const port = await freePort();
  const requests: string[] = [];
  const streams = new Set<Socket>();
  const open = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.once('data', (first: Buffer) => {
      const head = first.toString('latin1');
      const isStream = UPGRADE.test(head.split('\r\n\r\n')[0] ?? '');
      if (isStream && cut) return void client.destroy();
      const upstream = new Socket();
      upstream.connect(targetPort, '127.0.0.1', () => upstream.write(first));
      const note = (chunk: Buffer) => {
        for (const match of chunk.toString('latin1').matchAll(REQUEST_LINE)) requests.push(`${match[1]} ${match[2]}`);
      };
      note(first);
      if (isStream) {
        streams.add(client);
        client.on('close', () => streams.delete(client));
      } else {
        client.on('data', note);
      }
      for (const socket of [client, upstream]) socket.on('error', () => socket.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
    client.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cut() {
      cut = true;
      for (const socket of streams) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}
