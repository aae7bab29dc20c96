import type { EventSink, SenderView } from './event-sink.ts';
import type { RawHit } from './raw-hit.ts';

/**
 * Hits of concurrent requests in one isolate are gathered for a few milliseconds and sent to the
 * queue together: one `sendBatch` per up to 100 hits instead of one queue call per hit, which is
 * what keeps the pixel close to the speed of the bare GIF (../docs/scaling.md). Each request's
 * `waitUntil` awaits the flush of the batch that holds its hit, so no hit is acknowledged before
 * it is durable; if the queue refuses, the hits are written to D1 directly instead.
 */
const MAX_HITS = 100; // a Queues sendBatch carries at most 100 messages
const MAX_BYTES = 200_000; // and at most 256 KB
const LINGER_MS = 25;
/** A waiting request's own timer (see `awaitFlush`): longer than a flush takes, so it rarely fires. */
const GUARD_MS = 1000;

interface PendingBatch {
  hits: RawHit[];
  bytes: number;
  flushed: Promise<void>;
  /** Resolves once `outcome` is known, either way. */
  settled: Promise<unknown>;
  start: () => void;
  outcome: 'pending' | 'stored' | Error;
}

/**
 * Waits for a batch flushed by whichever request's timer started it. workerd cancels a request
 * whose only pending work is a promise another request will resolve ("code had hung"), so each
 * waiter keeps a timer of its own pending until the outcome is known. One timer per wait, not a
 * poll: polling every few milliseconds cost the pixel more than the queue send (profiled with
 * scripts/profile-write-path.ts).
 */
async function awaitFlush(batch: PendingBatch): Promise<void> {
  while (batch.outcome === 'pending') {
    let guard: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([batch.settled, new Promise((resolve) => (guard = setTimeout(resolve, GUARD_MS)))]);
    clearTimeout(guard);
  }
  if (batch.outcome instanceof Error) throw batch.outcome;
}

export class QueueEventSink implements EventSink {
  private static pending: PendingBatch | null = null;

  constructor(
    private readonly queue: Queue<RawHit>,
    private readonly fallback: EventSink,
  ) {}

  /** Written at once, not queued: the beacon must be there before the hit it covers is classified. */
  senderViewing(view: SenderView): Promise<void> {
    return this.fallback.senderViewing(view);
  }

  record(hits: RawHit[]): Promise<void> {
    const batches: PendingBatch[] = [];
    for (const hit of hits) {
      const bytes = JSON.stringify(hit).length;
      let batch = QueueEventSink.pending;
      if (batch && (batch.hits.length >= MAX_HITS || batch.bytes + bytes > MAX_BYTES)) {
        batch.start();
        batch = null;
      }
      batch ??= this.openBatch();
      batch.hits.push(hit);
      batch.bytes += bytes;
      if (!batches.includes(batch)) batches.push(batch);
    }
    return Promise.all(batches.map(awaitFlush)).then(() => undefined);
  }

  private openBatch(): PendingBatch {
    let start!: () => void;
    const ready = new Promise<void>((resolve) => (start = resolve));
    const batch: PendingBatch = { hits: [], bytes: 0, start, flushed: Promise.resolve(), settled: Promise.resolve(), outcome: 'pending' };
    const timer = setTimeout(() => batch.start(), LINGER_MS);
    batch.flushed = ready.then(async () => {
      clearTimeout(timer);
      if (QueueEventSink.pending === batch) QueueEventSink.pending = null;
      try {
        await this.queue.sendBatch(batch.hits.map((body) => ({ body, contentType: 'json' as const })));
      } catch (err) {
        console.error('hit queue unavailable; writing hits to D1 directly', err);
        await this.fallback.record(batch.hits);
      }
    });
    batch.settled = batch.flushed.then(
      () => (batch.outcome = 'stored'),
      (err: unknown) => (batch.outcome = err instanceof Error ? err : new Error(String(err))),
    );
    QueueEventSink.pending = batch;
    return batch;
  }
}
