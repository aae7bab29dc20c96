import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchFigure } from '../bench.ts';
import { buildEnv, ROOT } from '../lib/wrangler.ts';
import { inChromiumPage } from './_in-page.ts';

const SIZE_GOAL_KB = 30;
const FRAME_MS = 8;

/** Built content scripts, gzip -9 each (InboxSDK alone is about 530 KB gzip). */
function contentScriptSizes(): BenchFigure[] {
  const out = mkdtempSync(join(tmpdir(), 'bench-ext-'));
  try {
    const built = spawnSync(`${ROOT}node_modules/.bin/wxt`, ['build'], { cwd: ROOT, env: { ...buildEnv, WXT_OUT_DIR: out }, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`wxt build failed: ${built.stderr}`);
    const dir = join(out, 'chrome-mv3/content-scripts');
    return readdirSync(dir)
      .filter((file) => file.endsWith('.js'))
      .map((file) => {
        const raw = readFileSync(join(dir, file));
        const gzip = gzipSync(raw, { level: 9 }).length;
        return {
          id: `size-${file}`,
          name: `content script ${file}, gzip -9`,
          kind: 'absolute',
          value: Math.round((gzip / 1024) * 10) / 10,
          unit: 'KB',
          goal: { atMost: SIZE_GOAL_KB },
          detail: `${(raw.length / 1024).toFixed(1)} KB raw`,
        } satisfies BenchFigure;
      });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The send step (pixel, 300 tracked links, Smart Links) on a 100 KB body in Chromium, against
 * the same step on an empty body in the same page: the whole rewrite must fit in a frame.
 */
async function sendStepTime(): Promise<BenchFigure[]> {
  const entry = `import { changeBodyForSend } from './extension/compose/send-step.ts'; import { presignLinks } from './shared/tracking/rewrite-links.ts'; import { gmailSelectors } from './extension/mail-clients/gmail/selectors.ts'; window.changeBodyForSend = changeBodyForSend; window.presignLinks = presignLinks; window.quoteMarks = gmailSelectors.quotedHistory;`;
  return inChromiumPage(entry, async (page) => {
    const timings = await page.evaluate(() => {
      type Change = (body: HTMLElement, change: object) => unknown;
      const change = (window as unknown as { changeBodyForSend: Change }).changeBodyForSend;
      const presign = (window as unknown as { presignLinks: Change }).presignLinks;
      // Gmail's: the body below ends in a `.gmail_quote`.
      const quoteMarks = (window as unknown as { quoteMarks: object }).quoteMarks;
      const key = { id: 'kBench', secret: 'YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2g' };
      const big = document.createElement('div');
      for (let i = 0; i < 300; i++) {
        const p = document.createElement('div');
        p.append(`Paragraph ${i}: ${'lorem ipsum dolor sit amet '.repeat(11)}`);
        const a = document.createElement('a');
        a.setAttribute('href', `https://example.org/page/${i}?utm_source=mail&ref=${i}`);
        a.textContent = `link ${i}`;
        p.append(a);
        big.append(p);
      }
      const quote = document.createElement('div');
      quote.className = 'gmail_quote';
      quote.append('On Monday someone wrote: ...');
      big.append(quote);
      const empty = document.createElement('div');
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      // `ahead`: the links were signed while the sender paused (start.ts), as before most sends;
      // without: Send pressed within the pause, everything signed in the send event.
      let run = 0;
      const time = (template: HTMLElement, rounds: number, ahead: boolean) => {
        const samples: number[] = [];
        for (let round = 0; round < rounds; round++) {
          const body = template.cloneNode(true) as HTMLElement;
          document.body.replaceChildren(body);
          const change_ = { workerUrl: 'https://tracker.example.workers.dev', key, messageId: `kBench${'A'.repeat(14)}${(run++).toString().padStart(4, '0')}`, pixel: true, trackClicks: true, quoteMarks };
          if (ahead) presign(body, change_);
          const start = performance.now();
          change(body, change_);
          samples.push(performance.now() - start);
        }
        return median(samples);
      };
      // An empty body takes less than the timer's resolution: time a thousand in a row.
      const timeEmpty = () => {
        const bodies = Array.from({ length: 1000 }, () => empty.cloneNode(true) as HTMLElement);
        const start = performance.now();
        bodies.forEach((body, round) => change(body, { workerUrl: 'https://tracker.example.workers.dev', key, messageId: `kBench${'A'.repeat(16)}${round}`, pixel: true, trackClicks: true, quoteMarks }));
        return (performance.now() - start) / bodies.length;
      };
      time(big, 5, false); // warm up
      time(big, 5, true);
      timeEmpty();
      const bytes = big.innerHTML.length;
      return { emptyMs: timeEmpty(), aheadMs: time(big, 41, true), coldMs: time(big, 41, false), bytes };
    });
    // An absolute goal (one frame), so an absolute figure; the empty body's time is context.
    const figure = (id: string, name: string, ms: number): BenchFigure => ({
      id,
      name,
      kind: 'absolute',
      value: Math.round(ms * 100) / 100,
      unit: 'ms',
      goal: { atMost: FRAME_MS },
      detail: `median of 41 in Chromium; body ${(timings.bytes / 1024).toFixed(0)} KB; an empty body takes ${timings.emptyMs.toFixed(3)} ms`,
    });
    return [
      figure('send-step-paused', 'send step, 100 KB body with 300 links, links signed while the sender paused', timings.aheadMs),
      figure('send-step-before-pause', 'the same, Send pressed before the pause (every link signed in the send event)', timings.coldMs),
    ];
  });
}

export default async function (): Promise<BenchFigure[]> {
  return [...contentScriptSizes(), ...(await sendStepTime())];
}
