import autocannon from 'autocannon';
import { gzipSync } from 'node:zlib';
import type { BenchFigure } from '../bench.ts';
import { registerBenchMessage, startLocalWorker } from './_local-worker.ts';

const REQUESTS = 3000;

async function rps(url: string, headers: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({ url, connections: 16, amount: REQUESTS, headers });
  return result['2xx'] / result.duration;
}

/** The Smart Link page's weight (HTML and CSS in one response, no JS) and its render cost. */
export default async function (): Promise<BenchFigure[]> {
  const worker = await startLocalWorker();
  try {
    const reg = await registerBenchMessage(worker);
    const figures: BenchFigure[] = [];
    for (const [name, url, lang] of [['preferences (en)', reg.smartLinks.preferences, 'en'], ['unsubscribe (ar)', reg.smartLinks.unsubscribe, 'ar']] as const) {
      const html = await (await fetch(`${url}?lang=${lang}`)).text();
      const bytes = Buffer.byteLength(html);
      figures.push({
        name: `Smart Link page size, ${name}`,
        ratio: bytes / 15_000,
        goal: '≤ 1.0 × 15 KB, no JS',
        met: bytes <= 15_000 && !/<script/i.test(html),
        detail: `${bytes} bytes HTML+CSS, ${gzipSync(html).length} gzip`,
      });
    }
    const headers = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' };
    await rps(`${worker.url}/o/not-a-message`, headers); // warm-up
    const pixel = await rps(`${worker.url}/o/not-a-message`, headers);
    const page = await rps(reg.smartLinks.preferences, headers);
    figures.push({
      name: 'Smart Link page render cost relative to the pixel route (pixel req/s ÷ page req/s)',
      ratio: pixel / page,
      detail: `${Math.round(page)} pages/s vs ${Math.round(pixel)} pixels/s (page: verify link, read D1, render, record the visit)`,
    });
    return figures;
  } finally {
    worker.stop();
  }
}
