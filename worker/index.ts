import { Hono } from 'hono';
import { requireSender } from './auth/require-sender.ts';
import type { AppEnv, Bindings } from './env.ts';
import { runScheduled } from './maintenance/scheduled.ts';
import { consumeDeadLetters, consumeHits, isDeadLetterQueue } from './tracking/queue-consumer.ts';
import type { RawHit } from './tracking/raw-hit.ts';
import { extensionCors } from './http/cors.ts';
import { handleError, notFound } from './http/errors.ts';
import { contacts } from './routes/api/contacts.ts';
import { events } from './routes/api/events.ts';
import { suppressions } from './routes/api/suppressions.ts';
import { me } from './routes/api/me.ts';
import { messages } from './routes/api/messages.ts';
import { click } from './routes/click.ts';
import { health } from './routes/health.ts';
import { pixel } from './routes/pixel.ts';
import { smartLink } from './routes/smart-link.tsx';

const app = new Hono<AppEnv>();

app.onError(handleError);
app.notFound(notFound);

// Public, recipient-facing: no login, ever.
app.route('/', health);
app.route('/', pixel);
app.route('/', click);
app.route('/', smartLink);

// The sender's API: CORS for the extension first (preflights carry no token), then the token.
app.use('/api/*', extensionCors);
app.use('/api/*', requireSender);
app.route('/', me);
app.route('/', messages);
app.route('/', events);
app.route('/', contacts);
app.route('/', suppressions);

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
