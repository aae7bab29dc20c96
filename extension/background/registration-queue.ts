import type { RegisterMessage } from '../../shared/schemas/message.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { WorkerError, workerClient, type WorkerConnection } from '../api/worker-client.ts';
import { accountItem, registrationQueueItem, resentUnderItem, settingsItem } from '../storage.ts';

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
      await register(settings, message);
    } catch (err) {
      if (err instanceof WorkerError && err.transient) return;
      // The Worker refused this registration for good (e.g. 400); retrying cannot help.
      console.error('registration refused by the Worker', message.id, err);
    }
    await updateQueue((queue) => queue.filter((queued) => !sameRegistration(queued, message)));
  }
}

/**
 * Registers a message; one the Worker no longer changes because it went out already (409
 * `message_sent`: a compose sent again after the Undo window, from a page that did not know its
 * first send) is registered under an id of its own, so the first send's recipients keep their
 * links and this send is listed with its own recipients. Its body carries the id it was sent
 * with, so its opens and clicks count towards the first message.
 */
async function register(settings: WorkerConnection, message: RegisterMessage): Promise<void> {
  try {
    await workerClient.registerMessage(settings, message);
  } catch (err) {
    if (!(err instanceof WorkerError && err.status === 409 && err.code === 'message_sent')) throw err;
    const newId = await resentId(message.id);
    if (!newId) throw err;
    await workerClient.registerMessage(settings, { ...message, id: newId });
  }
}

/** How many re-sent ids are remembered: enough for the registrations still to come from open composes. */
const MAX_RESENT = 200;

/** The id a refused message's later sends go under: the one given before, else a newly minted one. */
async function resentId(messageId: string): Promise<string | null> {
  const known = await resentUnderItem.getValue();
  if (known[messageId]) return known[messageId];
  const account = await accountItem.getValue();
  if (!account) return null;
  const newId = mintMessageId(account.linkKey);
  await resentUnderItem.setValue(Object.fromEntries([...Object.entries(known), [messageId, newId]].slice(-MAX_RESENT)));
  return newId;
}

/**
 * Only what was delivered leaves the queue: a registration of the same id queued meanwhile (its
 * recipients filled in, or Undo and send again) still has to go.
 */
function sameRegistration(a: RegisterMessage, b: RegisterMessage): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
