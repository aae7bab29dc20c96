import { createServer, Socket, type Server } from 'node:net';
import { freePort } from './free-port.ts';

/**
 * How the gate cuts the WebSockets. `close`: it closes their connections, as a proxy that drops
 * long connections does; the browser sees the close at once. `silence`: it keeps the connections
 * open and forwards nothing more either way, as a dropped NAT entry, a sleeping laptop or a
 * stalled proxy does; the browser sees nothing, and new WebSockets never get their answer.
 */
export type StreamCut = 'close' | 'silence';

export interface StreamGate {
  /** The Worker, reached through the gate. */
  url: string;
  /** `METHOD /path?query` of every HTTP request that went through, in order. */
  requests: string[];
  /** Cuts the open WebSockets and new ones; plain HTTP still passes. */
  cut(how?: StreamCut): void;
  restore(): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\S+) HTTP\/1\.1\r\n/gm;
const STARTS_A_REQUEST = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \S+ HTTP\/1\.1\r\n/;

/** Whether a request's head (up to its blank line) asks for a WebSocket: Firefox sends `Upgrade` last. */
export function isWebSocketUpgrade(head: string): boolean {
  return head.split('\r\n').some((line) => /^upgrade:[ \t]*websocket[ \t]*$/i.test(line));
}

/**
 * A TCP relay in front of the Worker that can cut its WebSockets alone: to the extension the
 * event stream is then down while polling still works. It also notes each request, so a test
 * can tell a push from a poll.
 */
export async function streamGate(targetPort: number): Promise<StreamGate> {
  const port = await freePort();
  const requests: string[] = [];
  const streams = new Set<Socket>();
  const open = new Set<Socket>();
  let cut: StreamCut | null = null;
  /** WebSocket connections that forward nothing any more. */
  const silenced = new WeakSet<Socket>();
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
      if (silenced.has(client)) return;
      const text = chunk.toString('latin1');
      if (!streams.has(client) && STARTS_A_REQUEST.test(text) && isWebSocketUpgrade(text.split('\r\n\r\n')[0] ?? '')) {
        if (cut === 'close') return void client.destroy();
        streams.add(client);
        if (cut === 'silence') return void silenced.add(client);
      }
      for (const match of text.matchAll(REQUEST_LINE)) requests.push(`${match[1]} ${match[2]}`);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!silenced.has(client)) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cut(how = 'close') {
      cut = how;
      for (const socket of streams) {
        if (how === 'close') socket.destroy();
        else silenced.add(socket);
      }
    },
    restore() {
      cut = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}
