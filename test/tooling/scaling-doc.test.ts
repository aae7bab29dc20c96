import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchesShownIn, formatFigure, goalMet, recordFigure, renderScalingDoc, type BenchResults, type Goal } from '../../scripts/lib/bench-results.ts';
import { BENCH_RESULTS, SCALING_DOC } from '../../scripts/scaling-doc.ts';

const run = (figures: BenchResults[string]['figures']): BenchResults[string] => ({ at: '2026-12-07T10:00:00.000Z', load: { start: 1.5, end: 2, cores: 2 }, figures });

describe('docs/scaling.md', () => {
  it('shows the tables of docs/bench-results.json (else run: node scripts/scaling-doc.ts)', () => {
    const doc = readFileSync(SCALING_DOC, 'utf8');
    expect(doc).toBe(renderScalingDoc(doc, JSON.parse(readFileSync(BENCH_RESULTS, 'utf8')) as BenchResults));
  });

  it('shows the write path and the read path benches', () => {
    expect(benchesShownIn(readFileSync(SCALING_DOC, 'utf8'))).toEqual(expect.arrayContaining(['ingest', 'events-scale', 'compose']));
  });
});

describe('renderScalingDoc', () => {
  const results: BenchResults = {
    ingest: run([
      recordFigure({ id: 'pixel', name: 'pixel | recorded ÷ no write', kind: 'ratio', value: 0.934, goal: { atLeast: 0.9 }, rounds: [0.91, 0.934, 0.95], sides: [900, 963.6], unit: 'requests/s' }),
      recordFigure({ id: 'lost', name: 'hits lost', kind: 'count', value: 3, goal: { exactly: 0 } }),
    ]),
  };

  it('rewrites what is between the markers and keeps every hand-written line around them', () => {
    const doc = '# Title\nProse before.\n\n<!-- bench:ingest -->\nold table\n<!-- /bench:ingest -->\n\n## Someone else\'s section\nTheir table:\n| a | b |\n|---|---|\n';
    const out = renderScalingDoc(doc, results);
    expect(out.startsWith('# Title\nProse before.\n\n<!-- bench:ingest -->\n| `npm run bench -- ingest`, 2026-12-07 10:00 UTC, load 1.50–2 on 2 cores |')).toBe(true);
    expect(out).not.toContain('old table');
    expect(out).toContain('| pixel \\| recorded ÷ no write | 0.93× | ≥ 0.90 (met) | 900 vs 964 requests/s (medians); rounds 0.91, 0.93, 0.95 |');
    expect(out).toContain('| hits lost | 3 | = 0 (**not met**) |  |');
    expect(out.endsWith('<!-- /bench:ingest -->\n\n## Someone else\'s section\nTheir table:\n| a | b |\n|---|---|\n')).toBe(true);
    expect(renderScalingDoc(out, results)).toBe(out);
  });

  it('says how to measure a bench that has no results yet', () => {
    expect(renderScalingDoc('<!-- bench:compose -->\n<!-- /bench:compose -->', results)).toContain('(no results yet: run `npm run bench -- compose`)');
  });
});

describe('figures', () => {
  it.each<[number, Goal, boolean]>([
    [0.9, { atLeast: 0.9 }, true],
    [0.899, { atLeast: 0.9 }, false],
    [8, { atMost: 8 }, true],
    [8.01, { atMost: 8 }, false],
    [0, { exactly: 0 }, true],
    [-1, { exactly: 0 }, false],
  ])('%s against %j: met %s', (value, goal, met) => {
    expect(goalMet(value, goal)).toBe(met);
  });

  it('prints an absolute figure against its absolute goal, not as a ratio', () => {
    const line = formatFigure(recordFigure({ id: 'send', name: 'send step', kind: 'absolute', value: 6.4, unit: 'ms', goal: { atMost: 8 } }));
    expect(line).toBe('send step: 6.40 ms (goal ≤ 8 ms: met)');
  });

  it('keeps a figure reported in words as the bench told it', () => {
    const line = formatFigure(recordFigure({ name: 'open → frame', goal: 'p95 ≤ 2 s', met: false, detail: 'p50 1.2 s' }));
    expect(line).toBe('open → frame (goal p95 ≤ 2 s: NOT met) — p50 1.2 s');
  });
});
