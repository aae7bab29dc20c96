// npm run token -- <email> [--remote]: prints only a new API token for the sender (created if missing).
import { issueToken } from './lib/accounts.ts';
import { applyLocalMigrations } from './lib/wrangler.ts';

const args = process.argv.slice(2);
const remote = args.includes('--remote');
// The first admin of a deployment is made here; admins then create senders through the API.
const role = args.includes('--admin') ? 'admin' : 'sender';
const persistAt = args.indexOf('--persist-to');
const persistTo = persistAt >= 0 ? args[persistAt + 1] : undefined;
const email = args.find((arg, i) => !arg.startsWith('--') && (persistAt < 0 || i !== persistAt + 1));

if (!email) {
  console.error('usage: npm run token -- <email> [--remote] [--admin]');
  process.exit(2);
}
try {
  if (!remote) applyLocalMigrations({ persistTo }, true);
  process.stdout.write(`${issueToken(email, { remote, persistTo, role })}\n`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
