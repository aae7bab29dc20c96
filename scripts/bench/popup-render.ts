import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import type { BenchFigure } from '../bench.ts';
import { buildEnv, ROOT } from '../lib/wrangler.ts';
import { median, pairedRounds } from './_rounds.ts';

const ROUNDS = 9;
const GZIP_GOAL_KB = 25;

function events(count: number): TrackingEvent[] {
  const now = Date.now();
  // Every event visible (people's opens and clicks, none folded away): the popup's worst case.
  return Array.from({ length: count }, (_, i) => ({
    id: `e${i}`, messageId: `m${Math.floor(i / 10)}`, kind: i % 3 === 0 ? 'click' : 'open', class: 'human', reason: 'mail client or browser',
    reliable: true, at: new Date(now - i * 60_000).toISOString(), linkIndex: i % 3 === 0 ? 0 : null, url: i % 3 === 0 ? `https://example.org/offer/${i}` : null,
    subject: `Offer number ${Math.floor(i / 10)}`, to: ['ana@example.org', 'bo@example.org'],
  }));
}

/** Every file popup.html loads (entry script, preloaded chunks, styles), each gzipped. */
function popupGzipBytes(dir: string): { total: number; files: string[] } {
  const html = readFileSync(join(dir, 'popup.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const total = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, gzipSync(html, { level: 9 }).length);
  return { total, files };
}

/**
 * The popup's first render with 1,000 events relative to 10, in headless Chromium with the built
 * extension: from navigation to the list on screen, the Worker stubbed so only the popup is timed.
 * Rounds alternate the two sizes, so a disturbance on this shared machine hits both alike.
 */
export default async function (): Promise<BenchFigure[]> {
  const out = mkdtempSync(join(tmpdir(), 'bench-popup-'));
  const built = spawnSync(`${ROOT}node_modules/.bin/wxt`, ['build'], { cwd: ROOT, env: { ...buildEnv, WXT_OUT_DIR: out }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('wxt build failed');
  const extension = join(out, 'chrome-mv3');
  const gzip = popupGzipBytes(extension);

  const bodies = new Map([10, 1000].map((n) => [n, JSON.stringify({ events: events(n) })]));
  let serving = 10;
  const worker = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(bodies.get(serving));
  });
  await new Promise<void>((resolve) => worker.listen(0, '127.0.0.1', resolve));
  const address = worker.address();
  const workerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const profile = mkdtempSync(join(tmpdir(), 'bench-popup-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
  });
  try {
    const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const popupUrl = `chrome-extension://${new URL(serviceWorker.url()).host}/popup.html`;
    const page = await context.newPage();
    await page.goto(popupUrl);
    await page.evaluate(async (url) => {
      const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
      await chrome.storage.local.set({
        settings: { workerUrl: url, apiToken: 'slt_bench', trackByDefault: true, trackMode: 'opens-and-clicks', notifyOn: { firstOpen: true, clicks: true, consentChanges: true } },
        'settings$': { v: 2 },
        account: { email: 'bench@example.com', role: 'sender', linkKey: { id: 'k', secret: 'c2VjcmV0' } },
      });
    }, workerUrl);

    const firstRender = async (count: number) => {
      serving = count;
      await page.goto(popupUrl);
      await page.waitForFunction((n) => document.querySelectorAll('.event-words').length === n, count, { polling: 'raf' });
      return page.evaluate(() => {
        const data = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/api/events')) as PerformanceResourceTiming | undefined;
        const shown = performance.now();
        return { shown, afterData: data ? shown - data.responseEnd : NaN };
      });
    };
    await firstRender(10); // warm-up: the first load compiles the bundle
    await firstRender(1000);
    const rounds = await pairedRounds(ROUNDS, () => firstRender(10), () => firstRender(1000));
    const ratios = rounds.map((r) => r.b.shown / r.a.shown);
    const renderRatio = median(rounds.map((r) => r.b.afterData / r.a.afterData));
    return [
      {
        id: 'first-render',
        name: 'popup first render, 1,000 events ÷ 10 (navigation to the list on screen, Chromium)',
        kind: 'ratio',
        value: median(ratios),
        goal: { atMost: 3 },
        rounds: ratios,
        sides: [median(rounds.map((r) => r.b.shown)), median(rounds.map((r) => r.a.shown))],
        unit: 'ms',
        detail: `${ROUNDS} paired rounds, order alternating; rendering after the data arrived alone: ${renderRatio.toFixed(1)}×`,
      },
      {
        id: 'bundle-size',
        name: 'popup bundle, gzip -9 (popup.html and every script and style it loads)',
        kind: 'absolute',
        value: Math.round((gzip.total / 1024) * 10) / 10,
        unit: 'KB',
        goal: { atMost: GZIP_GOAL_KB },
        detail: `${gzip.files.length + 1} files`,
      },
    ];
  } finally {
    await context.close();
    worker.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
