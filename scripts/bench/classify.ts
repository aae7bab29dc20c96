import { benchClassify } from '../../shared/tracking/classify.bench.ts';
import type { BenchFigure } from '../bench.ts';

/** classifyHit calls per second in Node, over a realistic mix of signals. */
export default async function (): Promise<BenchFigure[]> {
  benchClassify(20_000); // warm up the JIT and the lazily built range tables
  const perSecond = benchClassify(300_000);
  return [{ id: 'calls-per-second', name: 'classifyHit calls per second in Node', kind: 'absolute', value: Math.round(perSecond), unit: 'calls/s', goal: { atLeast: 200_000 } }];
}
