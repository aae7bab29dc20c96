import type * as v from 'valibot';
import type { manualChangeSchema } from '../../shared/schemas/suppressions.ts';
import type { LandmarkFailure } from '../../shared/schemas/landmark-failures.ts';
import type { MessageStats, RegisterMessage, RegisteredMessage } from '../../shared/schemas/message.ts';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import type { StreamTicket } from '../../shared/schemas/stream.ts';
import type { MessageEvents, MessageList, MessageListEntry, MessageListFilter } from '../../shared/schemas/message-list.ts';
import { trimSlash } from '../../shared/tracking/urls.ts';
import type { MessageStatus } from '../../shared/tracking/verdict.ts';
import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { RejectedRow } from '../../shared/consent/suppression-csv.ts';
import type { SuppressionRow } from '../../shared/schemas/suppressions.ts';
import type { ContactState, Scope, ScopeKind } from '../../shared/consent/state.ts';
import type { OrgSettings } from '../../shared/schemas/org-settings.ts';
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

async function send(connection: WorkerConnection, path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(trimSlash(connection.workerUrl) + path, {
      ...init,
      headers: { authorization: `Bearer ${connection.apiToken}`, 'content-type': 'application/json', ...init.headers },
    });
  } catch (err) {
    throw new WorkerError(`The Worker at ${connection.workerUrl} cannot be reached (${String(err)}).`, null, 'unreachable');
  }
}

/** A refused request, in the words of the Worker's error envelope when it sent one. */
async function failure(res: Response): Promise<WorkerError> {
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  return new WorkerError(body?.error?.message ?? `The Worker answered ${res.status}.`, res.status, body?.error?.code ?? 'http_error');
}

async function requestText(connection: WorkerConnection, path: string): Promise<string> {
  const res = await send(connection, path);
  if (!res.ok) throw await failure(res);
  return res.text();
}

async function request<T>(connection: WorkerConnection, path: string, init: RequestInit = {}): Promise<T> {
  const res = await send(connection, path, init);
  const body = (await res.json().catch(() => null)) as ({ error?: { code: string; message: string } } & T) | null;
  if (!res.ok) {
    throw new WorkerError(body?.error?.message ?? `The Worker answered ${res.status}.`, res.status, body?.error?.code ?? 'http_error');
  }
  if (body === null) throw new WorkerError('The Worker answered with something that is not JSON.', res.status, 'not_json');
  return body;
}

/** A row of `GET /api/messages` (the activity page's list, the Sent-folder marks). */
export type TrackedMessageSummary = MessageListEntry;
export type MessageFilter = MessageListFilter;

export interface MessageQuery {
  filter: MessageFilter;
  /** With not_opened: sent at least this many days ago. */
  days?: number;
  q?: string;
  limit?: number;
  /** The `next` cursor of the previous page. */
  before?: string | null;
}

/** `POST /api/suppressions`: a change made by hand (a Do Not Contact level, consent, tracking, a lawful basis). */
export type ManualChange = v.InferInput<typeof manualChangeSchema>;

export interface ImportReport {
  imported: number;
  unchanged: number;
  rejected: RejectedRow[];
}

/** One entry of a contact's consent ledger (`GET /api/contacts/<email>/ledger`). */
export interface LedgerEntry {
  id: string;
  at: string;
  scope_kind: ScopeKind;
  scope_id: string;
  source: string;
  action: string;
  message_id: string | null;
  changes: { field: string; from: string | null; to: string | null }[];
  language: string | null;
  note: string | null;
}

function queryString(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const workerClient = {
  me: (c: WorkerConnection) => request<Account>(c, '/api/me'),
  registerMessage: (c: WorkerConnection, message: RegisterMessage) =>
    request<RegisteredMessage>(c, '/api/messages', { method: 'POST', body: JSON.stringify(message) }),
  contactsStatus: (c: WorkerConnection, emails: string[]) =>
    request<{ contacts: ContactStatus[] }>(c, '/api/contacts/status', { method: 'POST', body: JSON.stringify({ emails }) }),
  events: (c: WorkerConnection, limit = 100) => request<{ events: TrackingEvent[] }>(c, `/api/events?limit=${limit}`),
  /** A single-use URL for the sender's event stream (`POST /api/stream-tickets`). */
  streamTicket: (c: WorkerConnection) => request<StreamTicket>(c, '/api/stream-tickets', { method: 'POST' }),
  messages: (c: WorkerConnection, query: MessageQuery) =>
    request<MessageList>(
      c,
      `/api/messages${queryString({ filter: query.filter, days: query.filter === 'not_opened' ? query.days : undefined, q: query.q, limit: query.limit, before: query.before })}`,
    ),
  message: (c: WorkerConnection, messageId: string) =>
    request<{ id: string; subject: string; to: string[]; cc: string[]; bcc: string[]; sentAt: string; tracked: boolean; stats: MessageStats; status: MessageStatus }>(
      c,
      `/api/messages/${encodeURIComponent(messageId)}`,
    ),
  messageEvents: (c: WorkerConnection, messageId: string) => request<MessageEvents>(c, `/api/messages/${encodeURIComponent(messageId)}/events`),
  contactStatus: (c: WorkerConnection, emails: string[]) =>
    request<{ contacts: ContactStatus[] }>(c, '/api/contacts/status', { method: 'POST', body: JSON.stringify({ emails }) }),
  ledger: (c: WorkerConnection, email: string) => request<{ email: string; entries: LedgerEntry[] }>(c, `/api/contacts/${encodeURIComponent(email)}/ledger`),
  /** `owner`: '' for every opt-out this sender may see, else `me`, `organisation`, `team:<id>` or `account:<id>`. */
  suppressions: (c: WorkerConnection, filter: { q?: string; owner?: string } = {}) =>
    request<{ suppressions: SuppressionRow[] }>(c, `/api/suppressions${queryString(filter)}`),
  exportSuppressions: (c: WorkerConnection, owner = '') => requestText(c, `/api/suppressions/export${queryString({ owner })}`),
  changeContact: (c: WorkerConnection, change: ManualChange) =>
    request<{ email: string; scope: Scope; after: ContactState }>(c, '/api/suppressions', { method: 'POST', body: JSON.stringify(change) }),
  importSuppressions: (c: WorkerConnection, csv: string) =>
    request<ImportReport>(c, '/api/suppressions/import', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } }),
  /** Best effort: a compose that lacked a landmark (worker/routes/api/landmark-failures.ts). */
  landmarkFailure: async (c: WorkerConnection, report: LandmarkFailure) => {
    const res = await send(c, '/api/landmark-failures', { method: 'POST', body: JSON.stringify(report) });
    if (!res.ok) throw await failure(res);
  },
  /** `PUT /api/settings` (admins): only the settings named change. */
  updateSettings: async (c: WorkerConnection, change: Partial<OrgSettings>) => {
    const res = await send(c, '/api/settings', { method: 'PUT', body: JSON.stringify(change) });
    if (!res.ok) throw await failure(res);
  },
  viewing: async (c: WorkerConnection, messageId: string) => {
    const res = await fetch(`${trimSlash(c.workerUrl)}/api/messages/${encodeURIComponent(messageId)}/viewing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.apiToken}` },
    });
    if (!res.ok && res.status !== 404) throw new WorkerError(`The Worker answered ${res.status}.`, res.status, 'http_error');
  },
};
