// npm run bench [names...]: every benchmark in scripts/bench/ (or those whose file name contains
// one of the names). Each figure is a ratio of two things measured in this run in alternating
// rounds, or an absolute figure against an absolute goal, or a count. The results go to
// docs/bench-results.json (merged by bench), and docs/scaling.md's tables are rendered from it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatFigure, recordFigure, type BenchResults, type MeasuredFigure } from './lib/bench-results.ts';
import { BENCH_RESULTS, writeScalingDoc } from './scaling-doc.ts';

/** What a bench returns: figures with a kind (ratio, absolute, count), or reported in words. */
export type BenchFigure = MeasuredFigure;

const dir = fileURLToPath(new URL('./bench/', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && !file.startsWith('_') && !file.endsWith('.d.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

const round = (value: number) => Math.round(value * 100) / 100;
const load = () => loadavg()[0]!;

for (const file of files) {
  const name = file.replace(/\.ts$/, '');
  const bench = (await import(`./bench/${file}`)) as { default: () => Promise<MeasuredFigure[]> };
  console.log(`\n## ${name} (load average ${load().toFixed(2)} on ${availableParallelism()} cores)`);
  const at = new Date().toISOString();
  const start = load();
  const figures = (await bench.default()).map(recordFigure);
  for (const figure of figures) console.log(formatFigure(figure));
  console.log(`(load average ${load().toFixed(2)} at the end)`);
  // Read again: another bench run may have written its results meanwhile.
  const results = (existsSync(BENCH_RESULTS) ? JSON.parse(readFileSync(BENCH_RESULTS, 'utf8')) : {}) as BenchResults;
  results[name] = { at, load: { start: round(start), end: round(load()), cores: availableParallelism() }, figures };
  writeFileSync(BENCH_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  writeScalingDoc();
}
