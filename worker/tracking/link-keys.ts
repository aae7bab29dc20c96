import { randomBase64url } from '../../shared/crypto/base64url.ts';
import { LINK_KEY_ID_LENGTH, type LinkKey } from '../../shared/crypto/mac.ts';

export interface StoredLinkKey extends LinkKey {
  accountId: string;
}

// Keys never change once written, so an isolate may keep them for its whole life: the pixel and
// click routes then verify ids without touching D1.
const keyCache = new Map<string, StoredLinkKey | null>();
const KEY_CACHE_LIMIT = 10_000;

export async function findLinkKey(db: D1Database, keyId: string): Promise<StoredLinkKey | null> {
  const cached = keyCache.get(keyId);
  if (cached) return cached;
  const row = await db
    .prepare('SELECT id, account_id, secret FROM link_keys WHERE id = ?')
    .bind(keyId)
    .first<{ id: string; account_id: string; secret: string }>();
  const key = row ? { id: row.id, secret: row.secret, accountId: row.account_id } : null;
  // Misses are not cached: a key created a moment ago must be found on the next request.
  if (key) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(keyId, key);
  }
  return key;
}

/** The sender's current signing key, created on first use. */
export async function currentLinkKey(db: D1Database, accountId: string): Promise<LinkKey> {
  const existing = await db
    .prepare('SELECT id, secret FROM link_keys WHERE account_id = ? ORDER BY created_at DESC LIMIT 1')
    .bind(accountId)
    .first<{ id: string; secret: string }>();
  if (existing) return existing;
  const key = { id: randomBase64url(8).slice(0, LINK_KEY_ID_LENGTH), secret: randomBase64url(32) };
  await db.prepare('INSERT INTO link_keys (id, account_id, secret) VALUES (?, ?, ?)').bind(key.id, accountId, key.secret).run();
  return key;
}

/** Every key of an account, without creating one: what a GET may verify a signature with. */
export async function linkKeysOf(db: D1Database, accountId: string): Promise<LinkKey[]> {
  const rows = await db.prepare('SELECT id, secret FROM link_keys WHERE account_id = ?').bind(accountId).all<{ id: string; secret: string }>();
  return rows.results;
}
