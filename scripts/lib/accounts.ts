import { randomUUID } from 'node:crypto';
import { hashApiToken, mintApiToken } from '../../shared/crypto/api-token.ts';
import { executeSql, type LocalD1 } from './wrangler.ts';

const EMAIL = /^[^\s@'"\\]+@[^\s@'"\\]+\.[^\s@'"\\]+$/;

/** Creates the sender account if missing, then a new API token for it; returns the token. */
export function issueToken(email: string, d1: LocalD1 & { remote?: boolean; role?: 'admin' | 'sender' } = {}): string {
  const address = email.trim().toLowerCase();
  // The address is interpolated into SQL below, so only plain addresses get this far.
  if (!EMAIL.test(address)) throw new Error(`"${email}" is not an email address.`);
  const token = mintApiToken();
  const role = d1.role ?? 'sender';
  executeSql(
    `INSERT INTO accounts (id, email, role) VALUES ('${randomUUID()}', '${address}', '${role}') ON CONFLICT (email) DO UPDATE SET role = CASE WHEN excluded.role = 'admin' THEN 'admin' ELSE accounts.role END;
     INSERT INTO api_tokens (token_hash, account_id) SELECT '${hashApiToken(token)}', id FROM accounts WHERE email = '${address}';`,
    d1,
  );
  return token;
}
