import type { RegisterMessage, RegisteredMessage } from '../../shared/schemas/message.ts';
import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { trimSlash } from '../../shared/tracking/urls.ts';
import type { Account } from '../storage.ts';

/** A failed call to the Worker, with the error envelope's code when the Worker answered. */
export class WorkerError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string,
  ) {
    super(message);
  }

  /** Worth retrying later: the network, or the Worker itself, failed. */
  get transient(): boolean {
    return this.status === null || this.status === 429 || this.status >= 500;
  }
}

export interface WorkerConnection {
  workerUrl: string;
  apiToken: string;
}

async function request<T>(connection: WorkerConnection, path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(trimSlash(connection.workerUrl) + path, {
      ...init,
      headers: { authorization: `Bearer ${connection.apiToken}`, 'content-type': 'application/json', ...init.headers },
    });
  } catch (err) {
    throw new WorkerError(`The Worker at ${connection.workerUrl} cannot be reached (${String(err)}).`, null, 'unreachable');
  }
  const body = (await res.json().catch(() => null)) as ({ error?: { code: string; message: string } } & T) | null;
  if (!res.ok) {
    throw new WorkerError(body?.error?.message ?? `The Worker answered ${res.status}.`, res.status, body?.error?.code ?? 'http_error');
  }
  if (body === null) throw new WorkerError('The Worker answered with something that is not JSON.', res.status, 'not_json');
  return body;
}

export const workerClient = {
  me: (c: WorkerConnection) => request<Account>(c, '/api/me'),
  registerMessage: (c: WorkerConnection, message: RegisterMessage) =>
    request<RegisteredMessage>(c, '/api/messages', { method: 'POST', body: JSON.stringify(message) }),
  contactsStatus: (c: WorkerConnection, emails: string[]) =>
    request<{ contacts: ContactStatus[] }>(c, '/api/contacts/status', { method: 'POST', body: JSON.stringify({ emails }) }),
  events: (c: WorkerConnection, limit = 100) => request<{ events: TrackingEvent[] }>(c, `/api/events?limit=${limit}`),
  viewing: async (c: WorkerConnection, messageId: string) => {
    const res = await fetch(`${trimSlash(c.workerUrl)}/api/messages/${encodeURIComponent(messageId)}/viewing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.apiToken}` },
    });
    if (!res.ok && res.status !== 404) throw new WorkerError(`The Worker answered ${res.status}.`, res.status, 'http_error');
  },
};
