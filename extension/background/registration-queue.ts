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
  const queue = await registrationQueueItem.getValue();
  await registrationQueueItem.setValue([...queue.filter((queued) => queued.id !== message.id), message]);
  await flushRegistrations();
}

let flushing: Promise<void> | null = null;

/** Delivers queued registrations in order; stops at the first transient failure. */
export function flushRegistrations(): Promise<void> {
  // One flush at a time: a second caller waits for the running one rather than re-sending.
  flushing ??= deliverQueued().finally(() => {
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
    const queue = await registrationQueueItem.getValue();
    await registrationQueueItem.setValue(queue.filter((queued) => !sameRegistration(queued, message)));
  }
}

function sameRegistration(a: RegisterMessage, b: RegisterMessage): boolean {
  return a.id === b.id && a.sentAt === b.sentAt;
}
