import type { Bindings } from '../env.ts';
import { refreshAppleRanges } from './ip-ranges.ts';
import { pruneRawSignals } from './prune-raw-signals.ts';
import { REPLAY_CRON, replayDeadLetters } from './replay-dead-letters.ts';
import { truncateStoredIps } from './truncate-stored-ips.ts';

/** Cron triggers (wrangler.toml): pruning every 15 minutes, parked hits hourly, the Apple range refresh daily. */
export async function runScheduled(controller: ScheduledController, env: Bindings): Promise<void> {
  if (controller.cron === '17 4 * * *') {
    const result = await refreshAppleRanges(env.DB);
    console.log(`Apple Private Relay ranges: ${result.prefixes} prefixes${result.stored ? ' stored' : ' (too few, kept the previous list)'}`);
    return;
  }
  if (controller.cron === REPLAY_CRON) {
    const result = await replayDeadLetters(env.DB);
    if (result.replayed + result.truncated + result.dropped > 0) console.log(`parked hits: ${result.replayed} replayed, ${result.truncated} cut to their network, ${result.dropped} dropped after 30 days`);
    return;
  }
  // What is due is measured from the time the run was scheduled for (a test moves it).
  const pruned = await pruneRawSignals(env.DB, new Date(controller.scheduledTime));
  if (pruned > 0) console.log(`pruned raw signals of ${pruned} hits`);
  const truncated = await truncateStoredIps(env.DB);
  if (truncated > 0) console.log(`truncated the stored IPs of ${truncated} older hits`);
}
