import { benchClassify } from '../../shared/tracking/classify.bench.ts';
import type { BenchFigure } from '../bench.ts';

/** classifyHit calls per second in Node, over a realistic mix of signals. */
export default async function (): Promise<BenchFigure[]> {
  benchClassify(20_000); // warm up the JIT and the lazily built range tables
  const perSecond = benchClassify(300_000);
  return [{ name: 'classifyHit calls/s in Node', ratio: perSecond / 200_000, goal: '≥ 1.0 × 200,000/s', met: perSecond >= 200_000, detail: `${Math.round(perSecond).toLocaleString('en')} calls/s` }];
}
