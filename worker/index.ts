import { app } from './app.ts';
import type { Bindings } from './env.ts';
import { runScheduled } from './maintenance/scheduled.ts';
import { consumeDeadLetters, consumeHits, isDeadLetterQueue } from './tracking/queue-consumer.ts';
import type { RawHit } from './tracking/raw-hit.ts';

export { SenderStream } from './stream/sender-stream.ts';

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (isDeadLetterQueue(batch.queue)) await consumeDeadLetters(batch, env);
    else await consumeHits(batch, env);
  },
  async scheduled(controller, env) {
    await runScheduled(controller, env);
  },
} satisfies ExportedHandler<Bindings, RawHit>;
