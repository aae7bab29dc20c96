// node scripts/profile-write-path.ts [pixel|click] [seconds]: where the write path's time goes.
// Starts `wrangler dev` on a fresh local D1 with its inspector open, loads the route as the
// extension makes its URLs (minted ids, signed links), records a CPU profile of the Worker's
// isolate (the routes and the queue consumer) meanwhile, and prints the functions that took the
// most time by themselves and with what they call. The profile is kept for Chrome's DevTools.
import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackedLinkUrl } from '../shared/tracking/tracked-link.ts';
import { registerBenchMessage, startLocalWorker } from './bench/_local-worker.ts';
import { freePort } from './lib/free-port.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

const route = process.argv[2] === 'click' ? 'click' : 'pixel';
const seconds = Number(process.argv[3] ?? 10);

/** One Chrome DevTools Protocol session over the inspector's WebSocket. */
async function inspector(port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl: string; title?: string }[];
  // wrangler's inspector proxy accepts DevTools' origin only (undici's WebSocket takes headers).
  const init = { headers: { origin: 'https://devtools.devprod.cloudflare.dev' } } as unknown as string[];
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl, init);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve);
    socket.addEventListener('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id) waiting.get(message.id)?.(message.result);
  });
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve) => {
        const id = next++;
        waiting.set(id, resolve as (result: unknown) => void);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

const inspectorPort = await freePort();
const worker = await startLocalWorker({ inspectorPort });
try {
  const messages = await Promise.all(Array.from({ length: 20 }, (_, i) => registerBenchMessage(worker, [{ index: 0, url: `https://example.org/offer/${i}` }])));
  const paths = messages.map((m, i) => (route === 'pixel' ? `/o/${m.id}` : new URL(trackedLinkUrl(worker.url, m.linkKey, m.id, 0, `https://example.org/offer/${i}`)).pathname));
  const headers = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' };
  await autocannon({ url: worker.url, connections: 16, amount: 1000, headers, requests: paths.map((path) => ({ path })) });
  const session = await inspector(inspectorPort);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  const result = await autocannon({ url: worker.url, connections: 16, duration: seconds, headers, requests: paths.map((path) => ({ path })) });
  const { profile } = await session.send<{ profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] } }>('Profiler.stop');
  session.close();
  const file = join(tmpdir(), `write-path-${route}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const node of profile.nodes) {
    self.set(name(node), (self.get(name(node)) ?? 0) + node.hitCount);
    // Inclusive: every distinct function on the node's stack gets its samples once.
    const seen = new Set<string>();
    for (let at: number | undefined = node.id; at !== undefined; at = parent.get(at)) {
      const key = name(byId.get(at)!);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + node.hitCount);
    }
  }
  const samples = profile.samples.length;
  const top = (table: Map<string, number>) =>
    [...table].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([fn, n]) => `${((n / samples) * 100).toFixed(1).padStart(5)} %  ${fn}`).join('\n');
  console.log(`${route}: ${Math.round(result.requests.average)} requests/s over ${seconds} s; ${samples} samples; profile in ${file}`);
  console.log(`\nself time:\n${top(self)}\n\nwith callees:\n${top(total)}`);
} finally {
  worker.stop();
}
