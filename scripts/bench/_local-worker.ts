import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LinkKey } from '../../shared/crypto/mac.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { issueToken } from '../lib/accounts.ts';
import { freePort } from '../lib/free-port.ts';
import { applyLocalMigrations, startWorker, waitForHealth } from '../lib/wrangler.ts';

/**
 * autocannon's sample interval for loads on the local Worker: a load given an amount of requests
 * ends (and takes its duration) only at a sample, 1 s apart by default, which made every
 * requests-per-second figure of such a load a whole number of seconds' worth.
 */
export const LOAD_SAMPLE_MS = 20;

export interface LocalWorker {
  url: string;
  token: string;
  stop(): void;
}

/** A real `wrangler dev` on a fresh local D1, with one sender, for measurements (and profiles). */
export async function startLocalWorker(options: { inspectorPort?: number } = {}): Promise<LocalWorker> {
  const persistTo = mkdtempSync(join(tmpdir(), 'bench-d1-'));
  applyLocalMigrations({ persistTo }, true);
  const token = issueToken('bench@example.com', { persistTo });
  const port = await freePort();
  // Request logging and local traces off: they cost more than the routes being measured.
  const worker: ChildProcess = startWorker(port, { persistTo }, { logLevel: 'error', inspectorPort: options.inspectorPort, localTraces: false });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);
  return {
    url,
    token,
    stop() {
      worker.kill('SIGTERM');
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

export interface BenchMessage {
  id: string;
  linkKey: LinkKey;
  smartLinks: Record<'unsubscribe' | 'preferences' | 'grantConsent' | 'withdrawConsent' | 'stopTracking', string>;
  auth: Record<string, string>;
}

/** Registers one message, sent an hour ago (so that no hit looks like a post-delivery scan). */
export async function registerBenchMessage(worker: LocalWorker, links: { index: number; url: string }[] = []): Promise<BenchMessage> {
  const auth = { authorization: `Bearer ${worker.token}`, 'content-type': 'application/json' };
  const { linkKey } = (await (await fetch(`${worker.url}/api/me`, { headers: auth })).json()) as { linkKey: LinkKey };
  const id = mintMessageId(linkKey);
  const res = await fetch(`${worker.url}/api/messages`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      id, from: 'bench@example.com', subject: 'Bench', to: ['ana@example.org'], massMail: false, tracked: true, links,
      sentAt: new Date(Date.now() - 3_600_000).toISOString(),
    }),
  });
  const { smartLinks } = (await res.json()) as Pick<BenchMessage, 'smartLinks'>;
  return { id, linkKey, smartLinks, auth };
}
