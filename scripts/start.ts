// npm start: migrate the local D1, build the extension for Chrome and Firefox, start the Worker
// on http://localhost:8787 and print a ready-to-paste API token with how to load the extension.
import { spawnSync } from 'node:child_process';
import { issueToken } from './lib/accounts.ts';
import { applyLocalMigrations, buildEnv, ROOT, startWorker, waitForHealth } from './lib/wrangler.ts';

const port = Number(process.env.PORT ?? 8787);
const workerUrl = `http://localhost:${port}`;
const senderEmail = process.env.SENDER_EMAIL ?? 'you@example.com';

function step(title: string) {
  console.log(`\n▸ ${title}`);
}

step('Applying the local D1 migrations');
applyLocalMigrations();

step('Building the extension for Chrome and Firefox');
for (const args of [['build'], ['build', '-b', 'firefox']]) {
  const built = spawnSync(`${ROOT}node_modules/.bin/wxt`, args, { cwd: ROOT, env: buildEnv, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

step(`Creating an API token for ${senderEmail}`);
const token = issueToken(senderEmail);

step(`Starting the Worker on ${workerUrl}`);
const worker = startWorker(port);
worker.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => worker.kill(signal));

await waitForHealth(workerUrl);
console.log(`
Ready. The Worker runs on ${workerUrl} with a local D1.

Load the extension:
  Chrome:  chrome://extensions → Developer mode → Load unpacked → ${ROOT}.output/chrome-mv3
  Firefox: about:debugging#/runtime/this-firefox → Load Temporary Add-on → ${ROOT}.output/firefox-mv2/manifest.json

Then open the extension's options and enter:
  Worker URL: ${workerUrl}
  API token:  ${token}

Press Ctrl+C to stop.`);
