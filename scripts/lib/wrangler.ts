import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = `${ROOT}node_modules/.bin/`;

/** Fully offline wrangler: no metrics, no fetch of Cloudflare's request.cf data. */
export const offlineEnv: NodeJS.ProcessEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  // Never stop for a question: migrations and first-run prompts answer themselves.
  CI: process.env.CI ?? 'true',
  // Wrangler runs under the project's own Node (devDependency `node`), whatever is on the machine.
  PATH: `${BIN}:${process.env.PATH ?? ''}`,
};

/** Extension builds are production builds, also when started from inside a test run (NODE_ENV=test). */
export const buildEnv: NodeJS.ProcessEnv = { ...offlineEnv, NODE_ENV: 'production' };

export interface LocalD1 {
  /** Where local state lives; wrangler's default `.wrangler/state` when undefined. */
  persistTo?: string;
}

function persistArgs(d1: LocalD1): string[] {
  return d1.persistTo ? ['--persist-to', d1.persistTo] : [];
}

export function wranglerSync(args: string[], options: { quiet?: boolean } = {}): SpawnSyncReturns<string> {
  const result = spawnSync(`${BIN}wrangler`, args, {
    cwd: ROOT,
    env: offlineEnv,
    encoding: 'utf8',
    stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    const detail = options.quiet ? `\n${result.stdout}\n${result.stderr}` : '';
    throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed (exit ${result.status})${detail}`);
  }
  return result;
}

export function applyLocalMigrations(d1: LocalD1 = {}, quiet = false): void {
  wranglerSync(['d1', 'migrations', 'apply', 'DB', '--local', ...persistArgs(d1)], { quiet });
}

/** Runs SQL against the local (or, with `remote`, the deployed) D1 and returns the result rows. */
export function executeSql<Row>(sql: string, d1: LocalD1 & { remote?: boolean } = {}): Row[] {
  const where = d1.remote ? ['--remote'] : ['--local', ...persistArgs(d1)];
  const result = wranglerSync(['d1', 'execute', 'DB', ...where, '--json', '--command', sql], { quiet: true });
  const parsed = JSON.parse(result.stdout) as { results: Row[] }[];
  return parsed.flatMap((statement) => statement.results);
}

export interface WorkerOptions {
  logLevel?: 'warn' | 'error';
  inspectorPort?: number;
  /**
   * wrangler's local trace collector (on by default in wrangler 4): every invocation of the
   * Worker, of D1 and of the queue streams its trace to a collector that stores it in a local
   * SQLite, for the local explorer. Measurements and tests turn it off: it is not the Worker's
   * own work, and on the bare pixel it took about a quarter of the Worker process's CPU.
   */
  localTraces?: boolean;
}

export function startWorker(port: number, d1: LocalD1 = {}, options: WorkerOptions = {}): ChildProcess {
  const inspector = options.inspectorPort ? ['--inspector-port', String(options.inspectorPort)] : [];
  return spawn(
    `${BIN}wrangler`,
    ['dev', '--port', String(port), '--ip', '127.0.0.1', '--log-level', options.logLevel ?? 'warn', '--show-interactive-dev-session=false', ...inspector, ...persistArgs(d1)],
    { cwd: ROOT, env: options.localTraces === false ? { ...offlineEnv, X_LOCAL_OBSERVABILITY: 'false' } : offlineEnv, stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The Worker at ${url} did not become healthy within ${timeoutMs / 1000} s.`);
}
