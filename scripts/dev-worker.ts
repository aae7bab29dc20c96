// npm run dev:worker: the Worker alone on http://localhost:8787 (PORT overrides), local D1 migrated.
import { applyLocalMigrations, startWorker } from './lib/wrangler.ts';

const port = Number(process.env.PORT ?? 8787);
applyLocalMigrations();
const worker = startWorker(port);
worker.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => worker.kill(signal));
