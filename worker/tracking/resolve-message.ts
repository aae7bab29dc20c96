import { messageIdKeyId, verifyMessageId } from '../../shared/tracking/message-id.ts';
import { findLinkKey, type StoredLinkKey } from './link-keys.ts';

export interface ResolvedMessage {
  accountId: string;
  /** The key named in a minted id; null for an id registered without one. */
  key: StoredLinkKey | null;
}

// Minted ids this isolate has verified: a message is opened again and again (every recipient,
// every proxy fetch), and its id stays valid as long as its key, which never changes. Skips
// the HMAC on the pixel's hot path for every hit after a message's first.
const verifiedIds = new Map<string, ResolvedMessage>();
const VERIFIED_IDS_LIMIT = 10_000;

/**
 * Whose message is this? A minted id answers by itself (its MAC verifies against the sender's
 * key, even before the registration arrives); any other id only once it is registered.
 */
export async function resolveMessage(db: D1Database, messageId: string): Promise<ResolvedMessage | null> {
  const verified = verifiedIds.get(messageId);
  if (verified) return verified;
  const keyId = messageIdKeyId(messageId);
  if (keyId) {
    const key = await findLinkKey(db, keyId);
    if (key && verifyMessageId(messageId, key)) {
      const message = { accountId: key.accountId, key };
      if (verifiedIds.size >= VERIFIED_IDS_LIMIT) verifiedIds.clear();
      verifiedIds.set(messageId, message);
      return message;
    }
  }
  const row = await db.prepare('SELECT account_id FROM messages WHERE id = ?').bind(messageId).first<{ account_id: string }>();
  return row ? { accountId: row.account_id, key: null } : null;
}
