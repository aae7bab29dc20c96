// npm run deploy: apply the D1 migrations to the deployed database, then deploy the Worker.
// Needs `wrangler login` (or CLOUDFLARE_API_TOKEN) and the database_id in wrangler.toml (README).
import { spawnSync } from 'node:child_process';
import { offlineEnv, ROOT } from './lib/wrangler.ts';

const env = { ...offlineEnv, CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'true' };
for (const args of [['d1', 'migrations', 'apply', 'DB', '--remote'], ['deploy', ...process.argv.slice(2)]]) {
  console.log(`\n▸ wrangler ${args.join(' ')}`);
  const result = spawnSync(`${ROOT}node_modules/.bin/wrangler`, args, { cwd: ROOT, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
