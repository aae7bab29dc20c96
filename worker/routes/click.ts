import { Hono } from 'hono';
import { messageIdKeyId } from '../../shared/tracking/message-id.ts';
import { parseTrackedLinkPath, verifyTrackedLink, type TrackedLink } from '../../shared/tracking/tracked-link.ts';
import type { AppEnv } from '../env.ts';
import { rawHitFromRequest } from '../tracking/raw-hit.ts';
import { resolveMessage } from '../tracking/resolve-message.ts';
import { eventSinkFor } from '../tracking/sink.ts';

export const click = new Hono<AppEnv>();

/**
 * Is this destination one the sender put in this message? A minted id names the sender's key,
 * which must verify the signature; an id registered without a key needs the registered link.
 */
async function senderOwnsLink(db: D1Database, link: TrackedLink): Promise<string | null> {
  const message = await resolveMessage(db, link.messageId);
  if (!message) return null;
  if (message.key) return verifyTrackedLink(link, message.key) ? message.accountId : null;
  if (messageIdKeyId(link.messageId)) return null;
  const registered = await db
    .prepare('SELECT url FROM message_links WHERE message_id = ? AND link_index = ?')
    .bind(link.messageId, link.linkIndex)
    .first<{ url: string }>();
  return registered?.url === link.destination ? message.accountId : null;
}

const REFUSAL = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Link not valid</title><body style="font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>This link is not valid</h1><p>It may have been copied only in part. Ask the sender for the link again.</p></body></html>`;

/** `GET|HEAD /c/...`: 302 to the destination the sender signed; anything else a 4xx page, never a redirect. */
click.on(['GET', 'HEAD'], '/c/*', async (c) => {
  const link = parseTrackedLinkPath(c.req.path.slice('/c/'.length));
  const accountId = link && (await senderOwnsLink(c.env.DB, link));
  if (!link || !accountId) {
    return c.html(REFUSAL, link ? 404 : 400, { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  }
  const hit = rawHitFromRequest(c, { messageId: link.messageId, accountId, kind: 'click', linkIndex: link.linkIndex, url: link.destination });
  c.executionCtx.waitUntil(
    eventSinkFor(c.env).record([hit]).catch((err: unknown) => console.error('click: hit not written', err)),
  );
  return c.body(null, 302, {
    location: link.destination,
    'cache-control': 'no-store',
    // The destination must not learn the tracking URL (it carries the message id).
    'referrer-policy': 'no-referrer',
  });
});
