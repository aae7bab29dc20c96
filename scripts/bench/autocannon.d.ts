// The few parts of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    /** Requests each connection cycles through, in order. */
    requests?: { path?: string; method?: string; headers?: Record<string, string> }[];
  }
  interface Result {
    /** `total`: responses; `sent`: requests written, counting those a stopping run abandoned in flight. */
    requests: { average: number; total: number; sent: number };
    '2xx': number;
    '3xx': number;
    '4xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    duration: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
