import type { RegisterMessage } from '../../shared/schemas/message.ts';
import { WorkerError, workerClient } from '../api/worker-client.ts';
import { registrationQueueItem, settingsItem } from '../storage.ts';

export const FLUSH_ALARM = 'flush-registrations';

/**
 * Queues a sent message for registration and tries to deliver it at once. The queue lives in
 * extension storage, so a browser restart or an offline Worker loses nothing; the alarm retries.
 * A later registration of the same id (Undo, then send again) replaces the queued one.
 */
export async function enqueueRegistration(message: RegisterMessage): Promise<void> {
  await updateQueue((queue) => [...queue.filter((queued) => queued.id !== message.id), message]);
  await flushRegistrations();
}

let queueLock: Promise<unknown> = Promise.resolve();

/**
 * Every change to the stored queue is a read-modify-write; two sends a moment apart would each
 * read the old queue and one registration would be lost. They run one after the other here.
 */
function updateQueue(change: (queue: RegisterMessage[]) => RegisterMessage[]): Promise<void> {
  const next = queueLock.then(async () => registrationQueueItem.setValue(change(await registrationQueueItem.getValue())));
  queueLock = next.catch(() => undefined);
  return next;
}

let flushing: Promise<void> | null = null;
let queuedDuringFlush = false;

/** Delivers queued registrations in order; stops at the first transient failure. */
export function flushRegistrations(): Promise<void> {
  // One flush at a time. A message queued while one runs is not in its snapshot of the queue,
  // so the running flush goes round once more instead of leaving it for the next alarm.
  if (flushing) {
    queuedDuringFlush = true;
    return flushing;
  }
  flushing = (async () => {
    do {
      queuedDuringFlush = false;
      await deliverQueued();
    } while (queuedDuringFlush);
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

async function deliverQueued(): Promise<void> {
  const settings = await settingsItem.getValue();
  if (!settings.workerUrl || !settings.apiToken) return;
  for (const message of await registrationQueueItem.getValue()) {
    try {
      await workerClient.registerMessage(settings, message);
    } catch (err) {
      if (err instanceof WorkerError && err.transient) return;
      // The Worker refused this registration for good (e.g. 400); retrying cannot help.
      console.error('registration refused by the Worker', message.id, err);
    }
    await updateQueue((queue) => queue.filter((queued) => !sameRegistration(queued, message)));
  }
}

/**
 * Only what was delivered leaves the queue: a registration of the same id queued meanwhile (its
 * recipients filled in, or Undo and send again) still has to go.
 */
function sameRegistration(a: RegisterMessage, b: RegisterMessage): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
