import { Hono } from 'hono';
import { parseTrackedLinkPath, verifyTrackedLink, type TrackedLink } from '../../shared/tracking/tracked-link.ts';
import type { AppEnv } from '../env.ts';
import { rawHitFromRequest } from '../tracking/raw-hit.ts';
import { linkKeysOf } from '../tracking/link-keys.ts';
import { resolveMessage } from '../tracking/resolve-message.ts';
import { eventSinkFor } from '../tracking/sink.ts';

export const click = new Hono<AppEnv>();

/**
 * Is this destination one the sender signed? A minted id names the key that must verify the
 * signature; an id registered without one was handed its tracked links signed with the sender's
 * key, so one of the sender's keys must verify it. Never a redirect on an unverified signature.
 */
async function senderOwnsLink(db: D1Database, link: TrackedLink): Promise<string | null> {
  const message = await resolveMessage(db, link.messageId);
  if (!message) return null;
  const keys = message.key ? [message.key] : await linkKeysOf(db, message.accountId);
  return keys.some((key) => verifyTrackedLink(link, key)) ? message.accountId : null;
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
    // As the URL parser writes it: a header carries no character beyond Latin-1, a path may.
    location: new URL(link.destination).href,
    'cache-control': 'no-store',
    // The destination must not learn the tracking URL (it carries the message id).
    'referrer-policy': 'no-referrer',
  });
});
