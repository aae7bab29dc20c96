import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken } from '../../../scripts/lib/accounts.ts';
import { freePort } from '../../../scripts/lib/free-port.ts';
import { applyLocalMigrations, startWorker, waitForHealth } from '../../../scripts/lib/wrangler.ts';

export interface OwnWorker {
  url: string;
  adminToken: string;
  senderToken: string;
  close(): Promise<void>;
}

/**
 * A Worker of its own on a fresh D1, for a spec that changes organisation-wide settings: on the
 * shared Worker, those would reach every other spec's browser running at the same time.
 */
export async function ownWorker(name: string): Promise<OwnWorker> {
  const persistTo = mkdtempSync(join(tmpdir(), `e2e-own-d1-${name}-`));
  applyLocalMigrations({ persistTo }, true);
  const adminToken = issueToken(`admin-${name}@example.com`, { persistTo, role: 'admin' });
  const senderToken = issueToken(`sender-${name}@example.com`, { persistTo });
  const port = await freePort();
  const worker: ChildProcess = startWorker(port, { persistTo });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);
  return {
    url,
    adminToken,
    senderToken,
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
