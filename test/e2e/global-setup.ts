import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { issueToken } from '../../scripts/lib/accounts.ts';
import { freePort } from '../../scripts/lib/free-port.ts';
import { applyLocalMigrations, buildEnv, ROOT, startWorker, waitForHealth } from '../../scripts/lib/wrangler.ts';
import { startFixtureServer, type FixtureAddress } from './support/fixture-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    workerUrl: string;
    fixtureControlUrl: string;
    /** Where the browsers are pointed for the webmail host names. */
    fixtureAddress: FixtureAddress;
    /**
     * One sender per browser, so that each run's popup shows only its own messages; several tokens
     * of that sender (senderToken() picks one per test worker).
     */
    senderTokens: Record<'chromium' | 'firefox', string[]>;
  }
}

/** More than the test workers that can run at once (vitest numbers them from 1). */
export const TOKENS_PER_SENDER = 8;

/**
 * Builds the extension as shipped, starts the real Worker (wrangler dev, workerd) on a fresh
 * local D1, and serves the webmail fixtures on their real host names over HTTPS.
 */
export default async function setup(project: TestProject) {
  for (const args of [['build'], ['build', '-b', 'firefox']]) {
    const built = spawnSync(`${ROOT}node_modules/.bin/wxt`, args, { cwd: ROOT, env: buildEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error(`wxt ${args.join(' ')} failed`);
  }

  const persistTo = mkdtempSync(join(tmpdir(), 'e2e-d1-'));
  applyLocalMigrations({ persistTo }, true);
  const firstTokens = {
    chromium: issueToken('chromium-sender@example.com', { persistTo }),
    firefox: issueToken('firefox-sender@example.com', { persistTo }),
  };
  const port = await freePort();
  const worker: ChildProcess = startWorker(port, { persistTo }, { localTraces: false });
  const workerUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(workerUrl);
  // The Worker limits requests per token (API_LIMITER). Spec files of one browser run side by side
  // and poll the API while they wait, so each test worker gets two tokens of its own: one for the
  // extension, one for the test's reads (use-browser.ts).
  const senderTokens = { chromium: [firstTokens.chromium], firefox: [firstTokens.firefox] };
  for (const [browserName, tokens] of Object.entries(senderTokens)) {
    while (tokens.length < TOKENS_PER_SENDER) {
      const res = await fetch(`${workerUrl}/api/tokens`, { method: 'POST', headers: { authorization: `Bearer ${tokens[0]}` } });
      if (res.status !== 201) throw new Error(`Could not issue a token for the ${browserName} sender: ${res.status}`);
      tokens.push(((await res.json()) as { token: string }).token);
    }
  }

  const fixtures = await startFixtureServer();

  project.provide('workerUrl', workerUrl);
  project.provide('fixtureControlUrl', fixtures.controlUrl);
  project.provide('fixtureAddress', { httpsPort: fixtures.httpsPort, proxyPort: fixtures.proxyPort });
  project.provide('senderTokens', senderTokens);

  return async () => {
    worker.kill('SIGTERM');
    await fixtures.close();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
