import { messageIdKeyId, verifyMessageId } from '../../shared/tracking/message-id.ts';
import { findLinkKey, type StoredLinkKey } from './link-keys.ts';

export interface ResolvedMessage {
  accountId: string;
  /** The key named in a minted id; null for an id registered without one. */
  key: StoredLinkKey | null;
}

/**
 * Whose message is this? A minted id answers by itself (its MAC verifies against the sender's
 * key, even before the registration arrives); any other id only once it is registered.
 */
export async function resolveMessage(db: D1Database, messageId: string): Promise<ResolvedMessage | null> {
  const keyId = messageIdKeyId(messageId);
  if (keyId) {
    const key = await findLinkKey(db, keyId);
    if (key && verifyMessageId(messageId, key)) return { accountId: key.accountId, key };
  }
  const row = await db.prepare('SELECT account_id FROM messages WHERE id = ?').bind(messageId).first<{ account_id: string }>();
  return row ? { accountId: row.account_id, key: null } : null;
}
