import autocannon from 'autocannon';
import { gzipSync } from 'node:zlib';
import type { BenchFigure } from '../bench.ts';
import { registerBenchMessage, startLocalWorker } from './_local-worker.ts';
import { median, pairedRounds } from './_rounds.ts';

const REQUESTS = 2000;
const ROUNDS = 5;
const PAGE_BYTES = 15_000;

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
        id: `size-${lang}`,
        name: `Smart Link page, ${name}: HTML with its CSS`,
        kind: 'absolute',
        value: bytes,
        unit: 'bytes',
        goal: { atMost: PAGE_BYTES },
        detail: `${gzipSync(html).length} bytes gzip`,
      }, {
        id: `scripts-${lang}`,
        name: `Smart Link page, ${name}: script elements`,
        kind: 'count',
        value: html.match(/<script/gi)?.length ?? 0,
        goal: { exactly: 0 },
      });
    }
    const headers = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' };
    await rps(`${worker.url}/o/not-a-message`, headers); // warm-up
    const rounds = await pairedRounds(ROUNDS, () => rps(`${worker.url}/o/not-a-message`, headers), () => rps(reg.smartLinks.preferences, headers));
    const ratios = rounds.map((round) => round.a / round.b);
    figures.push({
      id: 'render-cost',
      name: 'Smart Link page cost relative to the pixel route (pixel requests/s ÷ page requests/s)',
      kind: 'ratio',
      value: median(ratios),
      rounds: ratios,
      sides: [median(rounds.map((round) => round.a)), median(rounds.map((round) => round.b))],
      unit: 'requests/s',
      detail: `${ROUNDS} paired rounds of ${REQUESTS} requests, order alternating; the page verifies its link, reads D1, renders and records the visit`,
    });
    return figures;
  } finally {
    worker.stop();
  }
}
