import { AsyncLocalStorage } from 'node:async_hooks';
import type { Bindings } from '../env.ts';
import { announceConsentChanges } from './announce.ts';

/**
 * The consent ledger rows written by the work in progress (one request, one cron run). A row is
 * noted where every ledger row is written (`ledgerStatements`), so a consent change reaches its
 * sender's stream whichever route or job made it, and a new one cannot forget to push.
 */
const written = new AsyncLocalStorage<Set<string>>();

/** Notes a ledger row about to be written; outside `announcingConsentChanges` it is a no-op. */
export function noteLedgerRow(id: string): void {
  written.getStore()?.add(id);
}

/**
 * Runs `work`, then pushes the consent changes it wrote to their senders' streams (after the
 * work, in `waitUntil`: the answer never waits for a push). Rows are noted when planned, so
 * one whose batch failed is simply not found when it is read back.
 */
export async function announcingConsentChanges<T>(env: Bindings, waitUntil: (promise: Promise<unknown>) => void, work: () => Promise<T>): Promise<T> {
  const ledgerIds = new Set<string>();
  try {
    return await written.run(ledgerIds, work);
  } finally {
    if (ledgerIds.size > 0) waitUntil(announceConsentChanges(env, [...ledgerIds]));
  }
}
