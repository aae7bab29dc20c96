import { app } from './app.ts';
import type { Bindings } from './env.ts';
import { runScheduled } from './maintenance/scheduled.ts';
import { announcingConsentChanges } from './stream/consent-changes.ts';
import { consumeDeadLetters, consumeHits, isDeadLetterQueue } from './tracking/queue-consumer.ts';
import type { QueuedHits } from './tracking/queue-sink.ts';

export { SenderStream } from './stream/sender-stream.ts';

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (isDeadLetterQueue(batch.queue)) await consumeDeadLetters(batch, env);
    else await consumeHits(batch, env);
  },
  async scheduled(controller, env, ctx) {
    // A job that records consent changes (an expiry) pushes them as a request does.
    await announcingConsentChanges(env, (pushed) => ctx.waitUntil(pushed), () => runScheduled(controller, env));
  },
} satisfies ExportedHandler<Bindings, QueuedHits>;
