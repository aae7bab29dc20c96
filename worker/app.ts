import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireSender } from './auth/require-sender.ts';
import type { AppEnv } from './env.ts';
import { extensionCors } from './http/cors.ts';
import { handleError, notFound, tooLarge } from './http/errors.ts';
import { securityHeaders } from './http/security-headers.ts';
import { accounts } from './routes/api/accounts.ts';
import { contacts } from './routes/api/contacts.ts';
import { events } from './routes/api/events.ts';
import { landmarkFailures } from './routes/api/landmark-failures.ts';
import { ledger } from './routes/api/ledger.ts';
import { settings } from './routes/api/settings.ts';
import { suppressions } from './routes/api/suppressions.ts';
import { me } from './routes/api/me.ts';
import { messageList } from './routes/api/message-list.ts';
import { messages } from './routes/api/messages.ts';
import { openApi } from './routes/api/openapi.ts';
import { click } from './routes/click.ts';
import { health } from './routes/health.ts';
import { pixel } from './routes/pixel.ts';
import { privacy } from './routes/privacy.tsx';
import { smartLink } from './routes/smart-link.tsx';
import { stream } from './routes/api/stream.ts';
import { streamTickets } from './routes/api/stream-tickets.ts';
import { announcingConsentChanges } from './stream/consent-changes.ts';

/** The HTTP surface; worker/index.ts adds the queue and cron handlers. */
export const app = new Hono<AppEnv>();

app.onError(handleError);
app.notFound(notFound);
app.use(securityHeaders);
// Whatever route records a consent change, its sender's stream hears of it.
app.use((c, next) => announcingConsentChanges(c.env, (pushed) => c.executionCtx.waitUntil(pushed), next));
// Bounded request bodies: the largest legitimate one is a suppression-list import.
const importLimit = bodyLimit({ maxSize: 5_000_000, onError: tooLarge });
const apiLimit = bodyLimit({ maxSize: 1_000_000, onError: tooLarge });
app.use('/api/*', (c, next) => (c.req.path === '/api/suppressions/import' ? importLimit(c, next) : apiLimit(c, next)));
app.use('/s/*', bodyLimit({ maxSize: 16_000, onError: tooLarge }));

// Public, recipient-facing: no login, ever.
for (const router of [health, pixel, click, smartLink]) app.route('/', router);
app.route('/privacy', privacy);
// The event stream authenticates by its single-use ticket, not by the bearer token below.
app.route('/api/stream', stream);
// The API reference is public, as is what it describes.
app.route('/api/openapi.json', openApi);

// The sender's API: CORS for the extension first (preflights carry no token), then the token.
app.use('/api/*', extensionCors);
app.use('/api/*', requireSender);
for (const router of [me, messages, messageList, events, accounts]) app.route('/', router);
// The consent API, one module per resource.
app.route('/api/contacts', contacts);
app.route('/api/suppressions', suppressions);
app.route('/api/settings', settings);
app.route('/api/ledger', ledger);
app.route('/api/stream-tickets', streamTickets);
app.route('/api/landmark-failures', landmarkFailures);

