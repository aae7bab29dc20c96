import type { EventSink, SenderView } from './event-sink.ts';
import type { RawHit } from './raw-hit.ts';

/**
 * Hits of concurrent requests in one isolate are gathered for a few milliseconds and sent to the
 * queue together, as one message: one queue call per gathering instead of one per hit, and the
 * consumer gets many hits per message, so that it writes them with a few D1 calls per hundreds of
 * hits. This is what keeps the pixel close to the speed of the bare GIF (../docs/scaling.md).
 * If the queue refuses, the hits are written to D1 directly instead.
 *
 * The request that opens a batch sends it, from its own timer, and keeps it in its `waitUntil`
 * until it is sent: the isolate stays up until then, and the send is its own I/O (workerd cancels
 * a request that waits on another request's I/O, "code had hung"). Requests that add a hit to an
 * open batch wait for nothing: a waiter of its own per hit (a promise and a guard timer each)
 * cost the pixel more than the queue send did (profiled with scripts/profile-write-path.ts).
 */
const MAX_BYTES = 120_000; // a Queues message carries at most 128 KB
const LINGER_MS = 25;

/** A queue message's body: the hits one isolate gathered (a message of an older version held one hit). */
export type QueuedHits = RawHit[] | RawHit;

export function hitsOf(body: QueuedHits): RawHit[] {
  return Array.isArray(body) ? body : [body];
}

interface OpenBatch {
  hits: RawHit[];
  bytes: number;
}

export class QueueEventSink implements EventSink {
  private static open: OpenBatch | null = null;

  constructor(
    private readonly queue: Queue<QueuedHits>,
    private readonly fallback: EventSink,
  ) {}

  /** Written at once, not queued: the beacon must be there before the hit it covers is classified. */
  senderViewing(view: SenderView): Promise<void> {
    return this.fallback.senderViewing(view);
  }

  record(hits: RawHit[]): Promise<void> {
    const sending: Promise<void>[] = [];
    for (const hit of hits) {
      const bytes = JSON.stringify(hit).length;
      let batch = QueueEventSink.open;
      // A full batch takes no more; it is still sent by its opener's timer, a moment later.
      if (!batch || batch.bytes + bytes > MAX_BYTES) {
        batch = { hits: [], bytes: 0 };
        QueueEventSink.open = batch;
        sending.push(this.sendLater(batch));
      }
      batch.hits.push(hit);
      batch.bytes += bytes;
    }
    return Promise.all(sending).then(() => undefined);
  }

  private async sendLater(batch: OpenBatch): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
    if (QueueEventSink.open === batch) QueueEventSink.open = null;
    try {
      await this.queue.send(batch.hits, { contentType: 'json' });
    } catch (err) {
      console.error('hit queue unavailable; writing hits to D1 directly', err);
      await this.fallback.record(batch.hits);
    }
  }
}
