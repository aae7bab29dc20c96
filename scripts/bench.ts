// npm run bench: every benchmark in scripts/bench/, each printing its figures as ratios measured
// in one run (these machines are noisy; absolute numbers are indications only).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BenchFigure {
  name: string;
  /** The ratio the goal is stated in, measured within this run. */
  ratio?: number;
  goal?: string;
  /** Absolute figures, for context. */
  detail?: string;
  met?: boolean;
}

const dir = fileURLToPath(new URL('./bench/', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.startsWith('_'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

for (const file of files) {
  const bench = (await import(`./bench/${file}`)) as { default: () => Promise<BenchFigure[]> };
  console.log(`\n## ${file.replace(/\.ts$/, '')}`);
  for (const figure of await bench.default()) {
    const ratio = figure.ratio === undefined ? '' : ` ratio ${figure.ratio.toFixed(3)}`;
    const goal = figure.goal ? ` (goal ${figure.goal}: ${figure.met ? 'met' : 'NOT met'})` : '';
    console.log(`${figure.name}:${ratio}${goal}${figure.detail ? ` — ${figure.detail}` : ''}`);
  }
}
