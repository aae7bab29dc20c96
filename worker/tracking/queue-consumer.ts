import type { Bindings } from '../env.ts';
import { useLatestIpRanges } from '../maintenance/ip-ranges.ts';
import { AnnouncingEventSink } from '../stream/announce.ts';
import { D1EventSink } from './event-sink.ts';
import type { RawHit } from './raw-hit.ts';

/**
 * Writes a batch of queued hits (up to 100) in one D1 batch. On any failure the whole batch is
 * retried later with a growing delay; after `max_retries` the queue moves it to the dead-letter
 * queue. Writes are idempotent by hit id, so a retry after a partial success duplicates nothing.
 */
export async function consumeHits(batch: MessageBatch<RawHit>, env: Bindings): Promise<void> {
  try {
    await useLatestIpRanges(env.DB);
    // Once written, the batch's events go to their senders' open streams.
    await new AnnouncingEventSink(new D1EventSink(env.DB), env).record(batch.messages.map((message) => message.body));
    batch.ackAll();
  } catch (err) {
    const attempts = Math.max(...batch.messages.map((message) => message.attempts));
    console.error(`hit batch of ${batch.messages.length} not written (attempt ${attempts}); retrying`, err);
    batch.retryAll({ delaySeconds: Math.min(300, 5 * 2 ** (attempts - 1)) });
  }
}

/** Hits that exhausted their retries are parked in D1, visible in /health, to be replayed. */
export async function consumeDeadLetters(batch: MessageBatch<RawHit>, env: Bindings): Promise<void> {
  const park = env.DB.prepare('INSERT OR IGNORE INTO dead_letter_hits (id, body, failed_at) VALUES (?, ?, ?)');
  try {
    await env.DB.batch(batch.messages.map((m) => park.bind(m.body.id, JSON.stringify(m.body), new Date().toISOString())));
    batch.ackAll();
  } catch (err) {
    console.error('dead-letter hits not parked; retrying', err);
    batch.retryAll({ delaySeconds: 60 });
  }
}

export function isDeadLetterQueue(queueName: string): boolean {
  return queueName.endsWith('-dlq');
}
