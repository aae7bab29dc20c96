import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import worker from '../../worker/index.ts';
import { replayDeadLetters } from '../../worker/maintenance/replay-dead-letters.ts';
import { PARKED_MAX_MS, PARKED_WHOLE_IP_MS } from '../../worker/maintenance/retention.ts';
import type { QueuedHits } from '../../worker/tracking/queue-sink.ts';
import type { RawHit } from '../../worker/tracking/raw-hit.ts';
import { call, createSender, hitCount, linkKeyOf } from './helpers.ts';

/** The real D1, except that `batch` fails `failures` times after `passing` calls, as D1 does when briefly down. */
function flakyDb(failures: number, passing = 0): D1Database {
  let left = failures;
  let passed = 0;
  return new Proxy(env.DB, {
    get(target, property, receiver) {
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          if (passed++ >= passing && left-- > 0) throw new Error('D1_ERROR: Network connection lost.');
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function rawHits(messageId: string, accountId: string, n: number): RawHit[] {
  return Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(), messageId, accountId, kind: 'open' as const, linkIndex: null, url: null,
    at: new Date(Date.now() - 1000 * i).toISOString(), method: 'GET',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    ip: '73.1.2.3', asn: 7922,
  }));
}

/** Each hit its own message (as older versions queued them), or `perMessage` hits to a message (as one isolate gathers them). */
async function deliver(queue: string, hits: RawHit[], db: D1Database, attempts = 1, perMessage = 1) {
  const bodies: QueuedHits[] = [];
  for (let i = 0; i < hits.length; i += perMessage) bodies.push(perMessage === 1 ? hits[i]! : hits.slice(i, i + perMessage));
  const batch = createMessageBatch<QueuedHits>(queue, bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, DB: db });
  return getQueueResult(batch, ctx);
}

async function accountOf(token: string): Promise<string> {
  const me = (await (await call('/api/me', { token })).json()) as { email: string };
  const row = await env.DB.prepare('SELECT id FROM accounts WHERE email = ?').bind(me.email).first<{ id: string }>();
  return row!.id;
}

describe('the hit queue consumer', () => {
  it('keeps every hit through a D1 failure and writes none twice', async () => {
    const token = await createSender('faults@example.com');
    const messageId = mintMessageId(await linkKeyOf(token));
    const hits = rawHits(messageId, await accountOf(token), 100);

    const failed = await deliver('smartlinks-hits', hits, flakyDb(1));
    expect(failed.ackAll).toBe(false);
    expect(failed.retryBatch.retry).toBe(true);
    expect(await hitCount(messageId)).toBe(0);

    const retried = await deliver('smartlinks-hits', hits, flakyDb(0), 2);
    expect(retried.ackAll).toBe(true);
    expect(await hitCount(messageId)).toBe(100);

    // At-least-once delivery: the same batch again changes nothing.
    await deliver('smartlinks-hits', hits, env.DB, 3);
    expect(await hitCount(messageId)).toBe(100);
  });

  it('writes every hit of messages that each hold many, in writes of a few hundred, once', async () => {
    const token = await createSender('gathered@example.com');
    const messageId = mintMessageId(await linkKeyOf(token));
    const hits = rawHits(messageId, await accountOf(token), 1200);
    // 1,200 hits in 8 messages: three D1 writes of up to 500. D1 fails after the first one
    // (its context read and its write): the delivery is retried, the first 500 stay written.
    expect((await deliver('smartlinks-hits', hits, flakyDb(1, 2), 1, 150)).ackAll).toBe(false);
    expect(await hitCount(messageId)).toBe(500);
    expect((await deliver('smartlinks-hits', hits, env.DB, 2, 150)).ackAll).toBe(true);
    expect(await hitCount(messageId)).toBe(1200);
    // At-least-once delivery: the same messages again change nothing.
    expect((await deliver('smartlinks-hits', hits, env.DB, 3, 150)).ackAll).toBe(true);
    expect(await hitCount(messageId)).toBe(1200);
  });

  it('parks hits that exhausted their retries, visible in /health', async () => {
    const before = ((await (await call('/health')).json()) as { deadLetterHits: number }).deadLetterHits;
    const hits = rawHits(mintMessageId({ id: 'deadkk', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I' }), 'gone', 3);
    const parked = await deliver('smartlinks-hits-dlq', hits, env.DB);
    expect(parked.ackAll).toBe(true);
    await deliver('smartlinks-hits-dlq', hits, env.DB);
    // A message holding several hits parks each of them.
    const gathered = rawHits(mintMessageId({ id: 'deadkk', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I' }), 'gone', 4);
    await deliver('smartlinks-hits-dlq', gathered, env.DB, 1, 4);
    const health = (await (await call('/health')).json()) as { deadLetterHits: number };
    expect(health.deadLetterHits).toBe(before + 7);
  });

  describe('parked hits, later', () => {
    const parkedBody = async (id: string) => {
      const row = await env.DB.prepare('SELECT body FROM dead_letter_hits WHERE id = ?').bind(id).first<{ body: string }>();
      return row ? (JSON.parse(row.body) as RawHit) : null;
    };

    it('are replayed once the fault is gone, each written once and no longer parked', async () => {
      const token = await createSender('replay@example.com');
      const messageId = mintMessageId(await linkKeyOf(token));
      const hits = rawHits(messageId, await accountOf(token), 3);
      await deliver('smartlinks-hits-dlq', hits, env.DB);
      expect(await parkedBody(hits[0]!.id)).not.toBeNull();

      // D1 still down: nothing lost, nothing written.
      await replayDeadLetters(flakyDb(100));
      expect(await hitCount(messageId)).toBe(0);
      expect(await parkedBody(hits[0]!.id)).not.toBeNull();

      await replayDeadLetters(env.DB);
      expect(await hitCount(messageId)).toBe(3);
      for (const hit of hits) expect(await parkedBody(hit.id)).toBeNull();
      // Stored like any other hit: classified, and only the IP's network kept.
      const stored = await env.DB.prepare('SELECT ip, hit_class FROM hits WHERE id = ?').bind(hits[0]!.id).first<{ ip: string; hit_class: string }>();
      expect(stored).toEqual({ ip: '73.1.2.0/24', hit_class: expect.any(String) });
    });

    it('let a bad hit hold back no other, keep no whole IP past a day, and go after the retention period', async () => {
      const token = await createSender('poison@example.com');
      const messageId = mintMessageId(await linkKeyOf(token));
      const [good, bad] = rawHits(messageId, await accountOf(token), 2) as [RawHit, RawHit];
      const poisoned = { ...bad, at: 'not a time', ip: '2a02:1210:1:2:3:4:5:6' };
      await deliver('smartlinks-hits-dlq', [good, poisoned], env.DB);

      const later = (ms: number) => new Date(Date.now() + ms + 60_000);
      await replayDeadLetters(env.DB, later(PARKED_WHOLE_IP_MS));
      expect(await parkedBody(good.id)).toBeNull();
      expect(await hitCount(messageId)).toBe(1);
      expect((await parkedBody(poisoned.id))!.ip).toBe('2a02:1210:1::/48');
      // The rest of the hit is kept as it came, for whoever fixes the fault.
      expect((await parkedBody(poisoned.id))!.userAgent).toBe(bad.userAgent);

      await replayDeadLetters(env.DB, later(PARKED_MAX_MS));
      expect(await parkedBody(poisoned.id)).toBeNull();
      expect(await hitCount(messageId)).toBe(1);
    });
  });
});
