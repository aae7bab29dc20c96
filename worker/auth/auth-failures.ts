import { truncateIp } from '../../shared/tracking/truncate-ip.ts';
import { AUTH_FAILURE_WINDOW_MS } from '../maintenance/retention.ts';

/**
 * A limiter on failed authentication per client network: a script trying tokens (or a client
 * looping on a revoked one) is stopped with a 429 for the rest of a fixed window, whatever token
 * it tries next. Counted per network, not per address, since a guesser has a block of them.
 * Generous, because an office behind one gateway shares its network with whoever misbehaves.
 */
export const AUTH_FAILURE_LIMIT = 30;
// The window is also how long a count is kept, which the privacy policy quotes: one figure.
export { AUTH_FAILURE_WINDOW_MS } from '../maintenance/retention.ts';

export interface AuthWindow {
  start: string;
  /** Whole seconds until the window ends: the Retry-After of a refusal. */
  retryAfterSeconds: number;
}

export function authWindow(now: number): AuthWindow {
  const start = Math.floor(now / AUTH_FAILURE_WINDOW_MS) * AUTH_FAILURE_WINDOW_MS;
  return { start: new Date(start).toISOString(), retryAfterSeconds: Math.max(1, Math.ceil((start + AUTH_FAILURE_WINDOW_MS - now) / 1000)) };
}

/**
 * The client's network, from the address Cloudflare puts in front of every request; null where
 * there is none (local development), which is then not limited.
 */
export function clientNetwork(connectingIp: string | undefined): string | null {
  return truncateIp(connectingIp ?? null);
}

export function failureCount(db: D1Database, network: string, window: AuthWindow): D1PreparedStatement {
  return db.prepare('SELECT failures FROM auth_failures WHERE network = ? AND window_start = ?').bind(network, window.start);
}

export async function recordFailure(db: D1Database, network: string, window: AuthWindow): Promise<void> {
  await db
    .prepare(
      `INSERT INTO auth_failures (network, window_start, failures) VALUES (?, ?, 1)
       ON CONFLICT (network, window_start) DO UPDATE SET failures = failures + 1`,
    )
    .bind(network, window.start)
    .run();
}

/** For the cron: windows that have ended count for nothing. */
export function pruneAuthFailures(db: D1Database, now: number): D1PreparedStatement {
  return db.prepare('DELETE FROM auth_failures WHERE window_start < ?').bind(authWindow(now).start);
}
