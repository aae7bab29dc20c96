import autocannon from 'autocannon';
import { trackedLinkUrl } from '../../shared/tracking/tracked-link.ts';
import type { BenchFigure } from '../bench.ts';
import { median, pairedRounds } from './_rounds.ts';
import { LOAD_SAMPLE_MS, registerBenchMessage, startLocalWorker, type BenchMessage, type LocalWorker } from './_local-worker.ts';

const HUMAN = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const CONNECTIONS = 16;
/** Hits spread over several messages, as mail is read: not thousands of opens of one message. */
const MESSAGES = 20;
const ROUNDS = 7;
/**
 * Each round spans several of the queue consumer's cycles (it writes what gathered in up to a
 * second, all at once): a round shorter than that measures whether a write happened to fall in it.
 */
const REQUESTS_PER_ROUND = Number(process.env.BENCH_INGEST_REQUESTS ?? 3000);
const SECONDS_PER_ROUND = Number(process.env.BENCH_INGEST_SECONDS ?? 3);

type Status = '2xx' | '3xx' | '4xx';
type Load = { amount: number } | { duration: number };

interface Route {
  /** Paths the connections cycle through. */
  paths: string[];
  status: Status;
}

/**
 * One load of `route`: requests answered per second, how many were answered as expected, and how
 * many were sent (a load that stops abandons its requests in flight: the Worker may still record them).
 */
async function load(worker: LocalWorker, route: Route, size: Load): Promise<{ perSecond: number; answered: number; sent: number; unexpected: number }> {
  const result = await autocannon({
    url: worker.url,
    connections: CONNECTIONS,
    sampleInt: LOAD_SAMPLE_MS,
    ...size,
    headers: { 'user-agent': HUMAN },
    requests: route.paths.map((path) => ({ path })),
  });
  const answered = result[route.status];
  return { perSecond: answered / result.duration, answered, sent: result.requests.sent, unexpected: result.requests.total - answered + result.errors };
}

/** Sum of the hits stored for the bench messages, once the queue has stopped adding to it. */
async function storedHits(worker: LocalWorker, messages: BenchMessage[], expected: number): Promise<number> {
  const deadline = Date.now() + 180_000;
  let stored = -1;
  for (;;) {
    let now = 0;
    for (const message of messages) {
      const res = await fetch(`${worker.url}/api/messages/${message.id}`, { headers: message.auth });
      now += ((await res.json()) as { stats: { hits: number } }).stats.hits;
    }
    if ((now === stored && now >= expected) || Date.now() > deadline) return now;
    stored = now;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/**
 * Pixel and click throughput on `wrangler dev` as the extension makes their URLs (minted ids,
 * signed links), every hit recorded, relative to the same route answering without any write (an
 * id or a link that cannot be one), in paired rounds whose order alternates. Both with a fixed
 * number of requests per round and with a fixed duration. Then: every answered hit stored.
 */
export default async function (): Promise<BenchFigure[]> {
  const worker = await startLocalWorker();
  try {
    const messages: BenchMessage[] = [];
    for (let i = 0; i < MESSAGES; i++) messages.push(await registerBenchMessage(worker, [{ index: 0, url: `https://example.org/offer/${i}` }]));
    const routes: Record<'pixel' | 'click', { recorded: Route; baseline: Route }> = {
      pixel: {
        recorded: { paths: messages.map((m) => `/o/${m.id}`), status: '2xx' },
        baseline: { paths: ['/o/not-a-message'], status: '2xx' },
      },
      click: {
        recorded: {
          paths: messages.map((m, i) => new URL(trackedLinkUrl(worker.url, m.linkKey, m.id, 0, `https://example.org/offer/${i}`)).pathname),
          status: '3xx',
        },
        baseline: { paths: ['/c/not-a-link'], status: '4xx' },
      },
    };
    const sizes: [string, Load, string][] = [
      ['fixed-number', { amount: REQUESTS_PER_ROUND }, `${REQUESTS_PER_ROUND} requests a round`],
      ['fixed-duration', { duration: SECONDS_PER_ROUND }, `${SECONDS_PER_ROUND} s a round`],
    ];
    // Warm-up: the isolate compiles, the key cache fills. Its hits count among those to be stored.
    await load(worker, routes.pixel.baseline, { amount: 1000 });
    let answered = 0;
    let sent = 0;
    const recordedLoad = async (route: Route, size: Load) => {
      const recorded = await load(worker, route, size);
      answered += recorded.answered;
      sent += recorded.sent;
      return recorded;
    };
    await recordedLoad(routes.pixel.recorded, { amount: 1000 });
    await recordedLoad(routes.click.recorded, { amount: 1000 });
    let unexpected = 0;
    const figures: BenchFigure[] = [];
    for (const [routeName, route] of Object.entries(routes)) {
      for (const [sizeId, size, sizeText] of sizes) {
        const rounds = await pairedRounds(ROUNDS, () => load(worker, route.baseline, size), () => recordedLoad(route.recorded, size));
        unexpected += rounds.reduce((sum, round) => sum + round.a.unexpected + round.b.unexpected, 0);
        const ratios = rounds.map((round) => round.b.perSecond / round.a.perSecond);
        figures.push({
          id: `${routeName}-${sizeId}`,
          name: `${routeName}, every hit recorded ÷ same route without a write (${sizeText})`,
          kind: 'ratio',
          value: median(ratios),
          goal: { atLeast: 0.9 },
          rounds: ratios,
          sides: [median(rounds.map((round) => round.b.perSecond)), median(rounds.map((round) => round.a.perSecond))],
          unit: 'requests/s',
          detail: `${CONNECTIONS} connections over ${MESSAGES} messages, median of ${ROUNDS} paired rounds, order alternating`,
        });
      }
    }
    const stored = await storedHits(worker, messages, answered);
    figures.push(
      {
        id: 'hits-lost',
        name: 'hits answered but not stored, once the queue has drained',
        kind: 'count',
        value: Math.max(0, answered - stored),
        goal: { exactly: 0 },
        detail: `${stored} stored, ${answered} answered, ${sent} sent (requests in flight when a load stopped were sent, maybe stored, never answered); ${unexpected} requests answered otherwise than expected`,
      },
      { id: 'hits-duplicated', name: 'hits stored beyond the requests sent', kind: 'count', value: Math.max(0, stored - sent), goal: { exactly: 0 } },
    );
    return figures;
  } finally {
    worker.stop();
  }
}
