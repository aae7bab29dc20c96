import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken } from '../lib/accounts.ts';
import { applyLocalMigrations, startWorker, waitForHealth } from '../lib/wrangler.ts';

export interface LocalWorker {
  url: string;
  token: string;
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A real `wrangler dev` on a fresh local D1, with one sender, for measurements. */
export async function startLocalWorker(): Promise<LocalWorker> {
  const persistTo = mkdtempSync(join(tmpdir(), 'bench-d1-'));
  applyLocalMigrations({ persistTo }, true);
  const token = issueToken('bench@example.com', { persistTo });
  const port = await freePort();
  // Request logging off: it costs more than the routes being measured.
  const worker: ChildProcess = startWorker(port, { persistTo }, 'error');
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
