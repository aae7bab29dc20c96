export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Measures `a` and `b` back to back in each round, `a` first in even rounds and `b` first in
 * odd ones: on this shared, noisy machine a busy moment then slows both sides of a round (and
 * neither side always runs second, in a warmer or a more loaded machine), so the ratio of a
 * round means something even when the absolute figures do not.
 */
export async function pairedRounds<T>(rounds: number, a: () => Promise<T>, b: () => Promise<T>): Promise<{ a: T; b: T }[]> {
  const results: { a: T; b: T }[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const first = await a();
      results.push({ a: first, b: await b() });
    } else {
      const first = await b();
      results.push({ a: await a(), b: first });
    }
  }
  return results;
}
