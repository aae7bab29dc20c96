import autocannon from 'autocannon';
import { trackedLinkUrl } from '../../shared/tracking/tracked-link.ts';
import type { BenchFigure } from '../bench.ts';
import { registerBenchMessage, startLocalWorker } from './_local-worker.ts';

const HUMAN = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const REQUESTS_PER_ROUND = 3000;
const ROUNDS = 5;

/** An exact number of requests (not a duration), so that stored hits can be compared with it. */
async function load(url: string, expectStatus: '2xx' | '3xx' | '4xx'): Promise<{ rps: number; answered: number }> {
  const result = await autocannon({ url, connections: 16, amount: REQUESTS_PER_ROUND, headers: { 'user-agent': HUMAN } });
  return { rps: result[expectStatus] / result.duration, answered: result[expectStatus] };
}

/**
 * Pixel and click throughput on `wrangler dev` when every hit is recorded, relative to the same
 * route answering without any write (a malformed id, a link that does not verify), alternating
 * rounds in one run. Then checks that the recorded hits equal the requests answered.
 */
export default async function (): Promise<BenchFigure[]> {
  const worker = await startLocalWorker();
  try {
    const { id, linkKey, auth } = await registerBenchMessage(worker, [{ index: 0, url: 'https://example.org/' }]);
    const routes = {
      pixel: { recorded: `${worker.url}/o/${id}`, baseline: `${worker.url}/o/not-a-message`, status: '2xx' as const, baselineStatus: '2xx' as const },
      click: {
        recorded: trackedLinkUrl(worker.url, linkKey, id, 0, 'https://example.org/'),
        baseline: `${worker.url}/c/not-a-link`,
        status: '3xx' as const,
        baselineStatus: '4xx' as const,
      },
    };
    const figures: BenchFigure[] = [];
    let answered = 0;
    await load(routes.pixel.baseline, '2xx'); // warm-up
    for (const [name, route] of Object.entries(routes)) {
      let recordedRps = 0;
      let baselineRps = 0;
      const roundRatios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Each round pairs the two routes back to back, so machine noise hits both alike.
        const baseline = await load(route.baseline, route.baselineStatus);
        const recorded = await load(route.recorded, route.status);
        baselineRps += baseline.rps;
        recordedRps += recorded.rps;
        answered += recorded.answered;
        roundRatios.push(recorded.rps / baseline.rps);
      }
      roundRatios.sort((a, b) => a - b);
      const ratio = roundRatios[Math.floor(ROUNDS / 2)]!;
      figures.push({
        name: `${name} throughput, every hit recorded ÷ same route without a write (median of ${ROUNDS} paired rounds)`,
        ratio,
        goal: '≥ 0.90',
        met: ratio >= 0.9,
        detail: `${Math.round(recordedRps / ROUNDS)} vs ${Math.round(baselineRps / ROUNDS)} requests/s on average; round ratios ${roundRatios.map((r) => r.toFixed(2)).join(' ')}; 16 connections, ${REQUESTS_PER_ROUND} requests a round`,
      });
    }
    // Every answered request must become exactly one stored hit once the queue has drained.
    const deadline = Date.now() + 120_000;
    let stored = 0;
    for (;;) {
      const stats = (await (await fetch(`${worker.url}/api/messages/${id}`, { headers: auth })).json()) as { stats: { hits: number } };
      if (stats.stats.hits === stored && stored >= answered) break;
      stored = stats.stats.hits;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    figures.push({ name: 'hits stored ÷ hits answered', ratio: stored / answered, goal: '= 1.00', met: stored === answered, detail: `${stored} stored, ${answered} answered` });
    return figures;
  } finally {
    worker.stop();
  }
}
