import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The host names the fixtures answer for; browsers are pointed at this server for them. */
export const FIXTURE_HOSTS = ['mail.google.com', 'outlook.office.com', 'outlook.live.com', 'outlook.office365.com', 'outlook.cloud.microsoft'] as const;

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/** What a fixture page's send handler serialized: the assertions read this, not the live DOM. */
export interface SentMail {
  mailbox: string;
  client: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  html: string;
  at: string;
  /** Outlook fixture: the compose's document (`about:blank` for a pop-out). */
  documentUrl?: string;
  /** Outlook fixture: how often the editor replaced its body node before this send. */
  bodyRenders?: number;
  /** The time a scheduled send is for (the fixtures "send" it at once). */
  scheduledFor?: string;
}

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-cert-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=mail.google.com',
    '-addext', `subjectAltName=${FIXTURE_HOSTS.map((host) => `DNS:${host}`).join(',')}`,
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Where the browsers reach the fixtures: both ports are free ones, so no root is needed. */
export interface FixtureAddress {
  /** The HTTPS server itself: Chromium maps the host names straight to it. */
  httpsPort: number;
  /** A CONNECT proxy tunnelling only the fixture host names to it: Firefox's SSL proxy. */
  proxyPort: number;
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(portOf(server))));
}

/**
 * Serves the behaving webmail fixtures over HTTPS on the real host names (the browsers are pointed
 * at this server for them: Chromium by its host resolver rules, Firefox by an SSL proxy, since
 * Firefox's own host mapping keeps the URL's port and would need port 443), and a plain-HTTP
 * control API on loopback for the tests to read the sent log.
 */
export async function startFixtureServer(): Promise<FixtureAddress & { controlUrl: string; close: () => Promise<void> }> {
  const sent: SentMail[] = [];

  async function site(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'mail.google.com'}`);
    if (req.method === 'POST' && url.pathname === '/__fixture/sent') {
      sent.push({ ...(JSON.parse(await readBody(req)) as Omit<SentMail, 'at'>), at: new Date().toISOString() });
      res.writeHead(204).end();
      return;
    }
    // The fixture's Sent folder lists what its mailbox sent, as Gmail's is drawn from its server.
    if (req.method === 'GET' && url.pathname === '/__fixture/sent') {
      const mailbox = url.searchParams.get('mailbox');
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(sent.filter((mail) => mail.mailbox === mailbox)));
      return;
    }
    const client = url.hostname === 'mail.google.com' ? 'gmail' : 'outlook';
    // Every app URL serves the client's shell page, as the real single-page apps do.
    const file = url.pathname.startsWith('/__fixture/') ? normalize(url.pathname.slice('/__fixture/'.length)) : `${client}/index.html`;
    if (file.startsWith('..')) return void res.writeHead(400).end();
    try {
      const content = readFileSync(join(FIXTURES, file));
      const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      // Gmail enforces Trusted Types: an `innerHTML = string` of ours must fail here as it would there.
      if (client === 'gmail' && file.endsWith('.html')) headers['content-security-policy'] = "require-trusted-types-for 'script'";
      res.writeHead(200, headers).end(content);
    } catch {
      res.writeHead(404).end('not found');
    }
  }

  async function control(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/sent') {
      const mailbox = url.searchParams.get('mailbox');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sent.filter((mail) => mail.mailbox === mailbox)));
      return;
    }
    res.writeHead(404).end();
  }

  const https = createHttpsServer(selfSignedCertificate(), (req, res) => void site(req, res));
  const http = createHttpServer((req, res) => void control(req, res));
  const httpsPort = await listen(https);
  const controlPort = await listen(http);

  // Tunnels stay open as long as the browser keeps them; closing the server ends them.
  const tunnels = new Set<Socket>();
  const proxy = createHttpServer((_req, res) => void res.writeHead(405).end());
  proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(':');
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    client.on('error', () => client.destroy());
    // Only the fixtures: any other host stays as unreachable as it is on this offline machine.
    if (!FIXTURE_HOSTS.includes(host as (typeof FIXTURE_HOSTS)[number]) || port !== '443') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(httpsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    tunnels.add(upstream);
    upstream.on('close', () => tunnels.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  const proxyPort = await listen(proxy);

  return {
    httpsPort,
    proxyPort,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    close: async () => {
      tunnels.forEach((socket) => socket.destroy());
      for (const server of [https, http, proxy]) server.closeAllConnections();
      await Promise.all([https, http, proxy].map((server) => new Promise((r) => server.close(r))));
    },
  };
}
