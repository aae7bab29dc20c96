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
const STARTS_A_REQUEST = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \S+ HTTP\/1\.1\r\n/;

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
    const upstream = new Socket();
    upstream.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) socket.on('error', () => socket.destroy());
    client.on('close', () => {
      open.delete(client);
      streams.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    // Any request on a connection may be the upgrade (Firefox reuses a kept-alive connection).
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      for (const match of text.matchAll(REQUEST_LINE)) requests.push(`${match[1]} ${match[2]}`);
      if (!streams.has(client) && STARTS_A_REQUEST.test(text) && UPGRADE.test(text.split('\r\n\r\n')[0] ?? '')) {
        if (cut) return void client.destroy();
        streams.add(client);
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
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
