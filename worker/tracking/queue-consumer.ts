import type { Bindings } from '../env.ts';
import { useLatestIpRanges } from '../maintenance/ip-ranges.ts';
import { AnnouncingEventSink } from '../stream/announce.ts';
import { D1EventSink } from './event-sink.ts';
import { hitsOf, type QueuedHits } from './queue-sink.ts';

/** Hits per D1 write: each is a few statements whatever its size, and stays well inside D1's limits. */
const HITS_PER_WRITE = 500;

/**
 * Writes a batch of queued messages (up to 100, each the hits one isolate gathered) in D1
 * batches of up to 500 hits. On any failure the whole batch is retried later with a growing
 * delay; after `max_retries` the queue moves it to the dead-letter queue. Writes are idempotent
 * by hit id, so a retry after a partial success duplicates nothing.
 */
export async function consumeHits(batch: MessageBatch<QueuedHits>, env: Bindings): Promise<void> {
  try {
    await useLatestIpRanges(env.DB);
    const hits = batch.messages.flatMap((message) => hitsOf(message.body));
    // Once written, each write's events go to their senders' open streams.
    const sink = new AnnouncingEventSink(new D1EventSink(env.DB), env);
    for (let i = 0; i < hits.length; i += HITS_PER_WRITE) await sink.record(hits.slice(i, i + HITS_PER_WRITE));
    batch.ackAll();
  } catch (err) {
    const attempts = Math.max(...batch.messages.map((message) => message.attempts));
    console.error(`hit batch of ${batch.messages.length} not written (attempt ${attempts}); retrying`, err);
    batch.retryAll({ delaySeconds: Math.min(300, 5 * 2 ** (attempts - 1)) });
  }
}

/** Hits that exhausted their retries are parked in D1, visible in /health, to be replayed. */
export async function consumeDeadLetters(batch: MessageBatch<QueuedHits>, env: Bindings): Promise<void> {
  const park = env.DB.prepare('INSERT OR IGNORE INTO dead_letter_hits (id, body, failed_at) VALUES (?, ?, ?)');
  try {
    const hits = batch.messages.flatMap((message) => hitsOf(message.body));
    await env.DB.batch(hits.map((hit) => park.bind(hit.id, JSON.stringify(hit), new Date().toISOString())));
    batch.ackAll();
  } catch (err) {
    console.error('dead-letter hits not parked; retrying', err);
    batch.retryAll({ delaySeconds: 60 });
  }
}

export function isDeadLetterQueue(queueName: string): boolean {
  return queueName.endsWith('-dlq');
}
