// node scripts/scaling-doc.ts: rewrites the measured tables of docs/scaling.md from
// docs/bench-results.json (npm run bench does this after each bench).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderScalingDoc, type BenchResults } from './lib/bench-results.ts';

export const SCALING_DOC = fileURLToPath(new URL('../docs/scaling.md', import.meta.url));
export const BENCH_RESULTS = fileURLToPath(new URL('../docs/bench-results.json', import.meta.url));

export function writeScalingDoc(): void {
  const results = JSON.parse(readFileSync(BENCH_RESULTS, 'utf8')) as BenchResults;
  writeFileSync(SCALING_DOC, renderScalingDoc(readFileSync(SCALING_DOC, 'utf8'), results));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeScalingDoc();
