import { Hono } from 'hono';
import { MESSAGE_ID_PATTERN } from '../../shared/tracking/message-id.ts';
import type { AppEnv } from '../env.ts';
import { rawHitFromRequest } from '../tracking/raw-hit.ts';
import { resolveMessage } from '../tracking/resolve-message.ts';
import { eventSinkFor } from '../tracking/sink.ts';

// The smallest transparent 1x1 GIF (43 bytes).
const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (ch) => ch.charCodeAt(0));

const PIXEL_HEADERS = {
  'content-type': 'image/gif',
  // Every view must reach us; proxies that cache anyway are de-duplicated when counting.
  'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
  expires: '0',
  pragma: 'no-cache',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export const pixel = new Hono<AppEnv>();

/** `GET /o/<id>`: always the GIF, whatever the id; a hit is recorded only for a known message. */
pixel.get('/o/*', async (c) => {
  // Everything under /o/ gets the image: a mangled URL must not show a broken image either.
  const messageId = c.req.path.slice('/o/'.length);
  if (MESSAGE_ID_PATTERN.test(messageId)) {
    try {
      const message = await resolveMessage(c.env.DB, messageId);
      if (message) {
        const hit = rawHitFromRequest(c, { messageId, accountId: message.accountId, kind: 'open', linkIndex: null, url: null });
        c.executionCtx.waitUntil(
          eventSinkFor(c.env).record([hit]).catch((err: unknown) => console.error("pixel: hit not written", err)),
        );
      }
    } catch (err) {
      // The recipient's mail client must get its image even when storage is down.
      console.error('pixel: could not record hit', err);
    }
  }
  return c.body(GIF, 200, PIXEL_HEADERS);
});
