import type { BenchFigure } from '../bench.ts';
import { inChromiumPage } from './_in-page.ts';
import { median } from './_rounds.ts';

const GOAL = 2;
const ROUNDS = 21;

/**
 * What a Sent list re-render costs the marks (sender-view/sent-marks.ts runs it on every burst of
 * Gmail mutations while the Sent folder is shown): reading 50 rows and pairing them with the
 * records, with 1,000 records relative to 10, in headless Chromium.
 */
export default async function (): Promise<BenchFigure[]> {
  const entry = `import { gmailSentList } from './extension/mail-clients/gmail/sent-list.ts'; import { matchSentRows, SentMarkIndex } from './extension/sender-view/sent-rows.ts';
    window.bench = { gmailSentList, matchSentRows, SentMarkIndex };`;
  return inChromiumPage(entry, async (page) => {
    const timings = await page.evaluate((ROUNDS) => {
      type Mark = { subject: string; to: string[]; cc: string[]; bcc: string[]; sentAt: string; opens: number; clicks: number; lastActivityAt: string | null; status: string; statusBy: string | null };
      const { gmailSentList, matchSentRows, SentMarkIndex } = (window as unknown as {
        bench: { gmailSentList: { readRows(doc: Document): unknown[] }; matchSentRows(rows: unknown[], index: unknown): Map<unknown, unknown>; SentMarkIndex: new (marks: Mark[]) => unknown };
      }).bench;
      const el = (tag: string, attrs: Record<string, string>, ...children: (Node | string)[]) => {
        const node = document.createElement(tag);
        for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
        node.append(...children);
        return node;
      };
      const at = (i: number) => new Date(Date.UTC(2026, 10, 30, 12) - i * 3_600_000);
      const rows = Array.from({ length: 50 }, (_, i) => el('tr', { class: 'zA yO', role: 'row' },
        el('td', { class: 'yX xY' }, el('div', { class: 'yW' }, 'To: ', el('span', { email: `person${i}@example.org` }, `Person ${i}`))),
        el('td', { class: 'xY a4W' }, el('span', { class: 'bog' }, el('span', {}, `Proposal number ${i}`))),
        el('td', { class: 'xW xY' }, el('span', { title: at(i).toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' }) }, '12:00'))));
      document.body.replaceChildren(el('div', { role: 'main' }, el('table', {}, el('tbody', {}, ...rows))));
      const marks = (count: number): Mark[] => Array.from({ length: count }, (_, i) => ({
        subject: i < 50 ? `Proposal number ${i}` : `Older message ${i}`, to: [`person${i % 50}@example.org`], cc: [], bcc: [],
        sentAt: at(i).toISOString(), opens: 1, clicks: 0, lastActivityAt: null, status: 'opened', statusBy: 'human',
      }));
      const few = new SentMarkIndex(marks(10));
      const many = new SentMarkIndex(marks(1000));
      const time = (index: unknown) => {
        const start = performance.now();
        for (let i = 0; i < 20; i++) matchSentRows(gmailSentList.readRows(document), index);
        return (performance.now() - start) / 20;
      };
      for (let i = 0; i < 5; i++) [time(many), time(few)];
      // Paired rounds, the order alternating (as scripts/bench/_rounds.ts does outside a page).
      const rounds: { few: number; many: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        if (round % 2 === 0) {
          const f = time(few);
          rounds.push({ few: f, many: time(many) });
        } else {
          const m = time(many);
          rounds.push({ few: time(few), many: m });
        }
      }
      return rounds;
    }, ROUNDS);
    const ratios = timings.map((round) => round.many / round.few);
    return [{
      id: 'rerender',
      name: 'Sent list re-render: 50 rows read and paired with 1,000 records ÷ with 10 (Chromium)',
      kind: 'ratio',
      value: median(ratios),
      goal: { atMost: GOAL },
      rounds: ratios,
      sides: [median(timings.map((round) => round.many)), median(timings.map((round) => round.few))],
      unit: 'ms',
      detail: `${ROUNDS} paired rounds of 20 re-renders each, order alternating`,
    }];
  });
}
