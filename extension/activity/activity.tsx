import { browser } from '#imports';
import { useEffect, useState } from 'preact/hooks';
import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { TrackingEvent } from '../../shared/schemas/events.ts';
import { isMachineEvent } from '../../shared/tracking/event-words.ts';
import { workerClient, type LedgerEntry, type MessageFilter, type TrackedMessageSummary, type WorkerConnection } from '../api/worker-client.ts';
import { notificationStateItem, setSilenced } from '../background/notification-state.ts';
import { MessageReminder } from './message-reminder.tsx';
import { errorText, useConnection } from '../ui/connection.ts';
import { verdictOfEvents } from '../popup/group-events.ts';
import { consentActionInWords, contactStateInWords, eventInWords, lawfulBasisInWords, ledgerSourceInWords, t, tKey, uiLanguage, verdictInWords } from '../ui/i18n.ts';
import { NotConfigured } from '../ui/not-configured.tsx';
import { messageIdInHash } from './activity-url.ts';

const FILTERS: readonly MessageFilter[] = ['all', 'opened', 'not_opened', 'clicked', 'machine_only'];
const PAGE = 50;

type Loaded<T> = { kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & T);

function when(iso: string): string {
  return new Date(iso).toLocaleString(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
}

function recipientsOf(message: Pick<TrackedMessageSummary, 'to' | 'cc' | 'bcc'>): string[] {
  return [...message.to, ...message.cc, ...message.bcc];
}

/** A listed message's verdict in words, as the popup and the Sent marks word it. */
export function listedVerdictInWords(message: Pick<TrackedMessageSummary, 'to' | 'cc' | 'bcc' | 'status' | 'statusBy'>): string {
  return verdictInWords(message, recipientsOf(message).length);
}

/** Every tracked message with its counts and filters; `#message=<id>` shows one message's detail. */
export function Activity() {
  const connection = useConnection();
  const [messageId, setMessageId] = useState(messageIdInHash(location.hash));
  useEffect(() => {
    const follow = () => setMessageId(messageIdInHash(location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  if (connection.kind === 'loading') return <main class="page" aria-busy="true"><p>{t('activity.loading')}</p></main>;
  if (connection.kind === 'not-configured') return <NotConfigured />;
  return messageId ? <MessageDetail worker={connection.settings} messageId={messageId} /> : <MessageList worker={connection.settings} />;
}

function MessageList({ worker }: { worker: WorkerConnection }) {
  const [filter, setFilter] = useState<MessageFilter>('all');
  const [days, setDays] = useState(3);
  const [query, setQuery] = useState('');
  const [list, setList] = useState<Loaded<{ messages: TrackedMessageSummary[]; next: string | null }>>({ kind: 'loading' });

  async function load(before: string | null, shown: TrackedMessageSummary[]) {
    try {
      const page = await workerClient.messages(worker, { filter, days, q: query.trim(), limit: PAGE, before });
      return { kind: 'ready' as const, messages: [...shown, ...page.messages], next: page.next };
    } catch (err) {
      return { kind: 'error' as const, message: errorText(err) };
    }
  }

  useEffect(() => {
    let current = true;
    setList({ kind: 'loading' });
    void load(null, []).then((loaded) => current && setList(loaded));
    return () => {
      current = false;
    };
  }, [filter, days, query]);

  return (
    <main class="page wide">
      <h1>{t('activity.title')}</h1>
      <div class="toolbar" role="group" aria-label={t('activity.filter')}>
        <fieldset class="filters">
          <legend>{t('activity.filter')}</legend>
          {FILTERS.map((value) => (
            <label class="inline" key={value}>
              <input type="radio" name="filter" value={value} checked={filter === value} onChange={() => setFilter(value)} /> {tKey(`activity.filters.${value}`)}
              {value === 'not_opened' && (
                <>
                  {' '}
                  <input type="number" class="days" min={1} max={3650} value={days} aria-label={t('activity.days')}
                    onInput={(e) => setDays(Math.min(3650, Math.max(1, Math.round(Number(e.currentTarget.value)) || 1)))} /> {t('activity.days')}
                </>
              )}
            </label>
          ))}
        </fieldset>
        <input type="search" class="grow" placeholder={t('activity.search')} aria-label={t('activity.search')} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
      </div>
      {list.kind === 'loading' && <p aria-busy="true">{t('activity.loading')}</p>}
      {list.kind === 'error' && <p class="status error" role="alert">{list.message}</p>}
      {list.kind === 'ready' && list.messages.length === 0 && <p>{t('activity.empty')}</p>}
      {list.kind === 'ready' && list.messages.length > 0 && (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t('activity.subject')}</th>
              <th scope="col">{t('activity.recipients')}</th>
              <th scope="col">{t('activity.sent')}</th>
              <th scope="col" class="number">{t('activity.opens')}</th>
              <th scope="col" class="number">{t('activity.clicks')}</th>
              <th scope="col">{t('activity.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.messages.map((message) => (
              <tr key={message.id} data-message-id={message.id}>
                <td><a href={`#message=${encodeURIComponent(message.id)}`}>{message.subject || t('common.noSubject')}</a></td>
                <td><bdi>{recipientsOf(message).join(', ')}</bdi></td>
                <td>{when(message.sentAt)}</td>
                <td class="number">
                  {message.opens}
                  {message.opens > message.reliableOpens && <span class="muted"> {t('activity.unreliableOpens', [message.opens - message.reliableOpens])}</span>}
                  {message.machineOpens > 0 && <span class="muted"> {t('activity.machineOpens', [message.machineOpens])}</span>}
                </td>
                <td class="number">{message.clicks}</td>
                <td>
                  <span class={`badge ${message.status}`}>{listedVerdictInWords(message)}</span>
                  {!message.tracked && <span class="muted"> ({t('activity.untracked')})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.kind === 'ready' && list.next && (
        <p>
          <button type="button" class="secondary" onClick={() => void load(list.next, list.messages).then(setList)}>{t('activity.older')}</button>
        </p>
      )}
    </main>
  );
}

type Detail = { subject: string; to: string[]; cc: string[]; bcc: string[]; sentAt: string; events: TrackingEvent[] };

function MessageDetail({ worker, messageId }: { worker: WorkerConnection; messageId: string }) {
  const [detail, setDetail] = useState<Loaded<Detail>>({ kind: 'loading' });
  const [silenced, setSilencedState] = useState(false);
  // Every hit of the message is here, so its verdict comes out as the list's.
  const verdict = detail.kind === 'ready' ? verdictOfEvents(detail.events) : null;

  useEffect(() => {
    void Promise.all([workerClient.message(worker, messageId), workerClient.messageEvents(worker, messageId)])
      .then(([message, { events }]) => setDetail({ kind: 'ready', ...message, events }))
      .catch((err: unknown) => setDetail({ kind: 'error', message: errorText(err) }));
    void notificationStateItem.getValue().then((state) => setSilencedState(state.silenced.includes(messageId)));
    return notificationStateItem.watch((state) => setSilencedState(state.silenced.includes(messageId)));
  }, [messageId]);

  return (
    <main class="page wide">
      <p><a href={browser.runtime.getURL('/activity.html')}>← {t('activity.back')}</a></p>
      {detail.kind === 'loading' && <p aria-busy="true">{t('activity.loading')}</p>}
      {detail.kind === 'error' && <p class="status error" role="alert">{detail.message}</p>}
      {detail.kind === 'ready' && verdict && (
        <>
          <h1>{detail.subject || t('common.noSubject')}</h1>
          <p class="muted">
            <bdi>{t('common.to', [recipientsOf(detail).join(', ') || t('common.unknownRecipients')])}</bdi> · {when(detail.sentAt)}{' '}
            <button type="button" class="secondary small" aria-pressed={silenced} onClick={() => void setSilenced(messageId, !silenced)}>
              {silenced ? t('common.silenced') : t('common.silence')}
            </button>
          </p>
          <p><span class={`badge verdict ${verdict.status}`}>{verdictInWords(verdict, recipientsOf(detail).length)}</span></p>
          <MessageReminder messageId={messageId} subject={detail.subject} sentAt={detail.sentAt} />
          <h2>{t('activity.events')}</h2>
          {detail.events.length === 0 ? (
            <p class="muted">{t('activity.noEvents')}</p>
          ) : (
            <table class="grid events">
              <thead>
                <tr>
                  <th scope="col">{t('activity.when')}</th>
                  <th scope="col">{t('activity.event')}</th>
                  <th scope="col">{t('activity.class')}</th>
                  <th scope="col">{t('activity.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.events.map((event) => (
                  <tr key={event.id} class={isMachineEvent(event) ? 'machine' : ''}>
                    <td>{when(event.at)}</td>
                    <td>{eventInWords(event)}</td>
                    <td>{event.kind === 'consent' ? '—' : tKey(`hitClass.${event.class}`)}</td>
                    {/* A consent event's words are its reason already. */}
                    <td class="muted">{event.kind === 'consent' ? '' : event.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Contacts worker={worker} emails={recipientsOf(detail)} />
        </>
      )}
    </main>
  );
}

/** Each recipient's Do Not Contact, consent, tracking and scope, and on request their consent ledger. */
function Contacts({ worker, emails }: { worker: WorkerConnection; emails: string[] }) {
  const [contacts, setContacts] = useState<Loaded<{ contacts: ContactStatus[] }>>({ kind: 'loading' });
  const [ledgerOf, setLedgerOf] = useState<string | null>(null);
  useEffect(() => {
    if (emails.length === 0) return setContacts({ kind: 'ready', contacts: [] });
    void workerClient
      .contactStatus(worker, emails)
      .then(({ contacts }) => setContacts({ kind: 'ready', contacts }))
      .catch((err: unknown) => setContacts({ kind: 'error', message: errorText(err) }));
  }, [emails.join()]);

  return (
    <section aria-labelledby="contacts">
      <h2 id="contacts">{t('activity.contacts')}</h2>
      {contacts.kind === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {contacts.kind === 'error' && <p class="status error" role="alert">{contacts.message}</p>}
      {contacts.kind === 'ready' && (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t('activity.contactOf')}</th>
              <th scope="col">{t('optOuts.doNotContact')}</th>
              <th scope="col">{t('optOuts.consent')}</th>
              <th scope="col">{t('optOuts.tracking')}</th>
              <th scope="col">{t('optOuts.scope')}</th>
              <th scope="col">{t('activity.lawfulBasis')}</th>
              <th scope="col"><span class="visually-hidden">{t('activity.ledger')}</span></th>
            </tr>
          </thead>
          <tbody>
            {contacts.contacts.map((contact) => (
              <tr key={contact.email}>
                <td><bdi>{contact.email}</bdi></td>
                <td>
                  {tKey(`contact.doNotContact.${contact.doNotContact}`)}
                  {contact.reason === 'no_lawful_basis' && <div class="muted">{t('activity.noLawfulBasis')}</div>}
                </td>
                <td>{tKey(`contact.consent.${contact.consent}`)}</td>
                <td>{tKey(`contact.tracking.${contact.tracking}`)}</td>
                <td>{contact.scope ? tKey(`contact.scope.${contact.scope.kind}`) : '—'}</td>
                <td>{lawfulBasisInWords(contact.lawfulBasis)}</td>
                <td>
                  <button type="button" class="secondary small" aria-expanded={ledgerOf === contact.email}
                    onClick={() => setLedgerOf(ledgerOf === contact.email ? null : contact.email)}>
                    {t('activity.showLedger', [contact.email])}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ledgerOf && <Ledger worker={worker} email={ledgerOf} />}
    </section>
  );
}

function Ledger({ worker, email }: { worker: WorkerConnection; email: string }) {
  const [ledger, setLedger] = useState<Loaded<{ entries: LedgerEntry[] }>>({ kind: 'loading' });
  useEffect(() => {
    setLedger({ kind: 'loading' });
    void workerClient
      .ledger(worker, email)
      .then(({ entries }) => setLedger({ kind: 'ready', entries }))
      .catch((err: unknown) => setLedger({ kind: 'error', message: errorText(err) }));
  }, [email]);
  return (
    <section aria-label={`${t('activity.ledger')}: ${email}`}>
      <h3>{t('activity.ledger')}: <bdi>{email}</bdi></h3>
      {ledger.kind === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {ledger.kind === 'error' && <p class="status error" role="alert">{ledger.message}</p>}
      {ledger.kind === 'ready' && ledger.entries.length === 0 && <p class="muted">{t('activity.noLedger')}</p>}
      {ledger.kind === 'ready' && ledger.entries.length > 0 && (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t('activity.when')}</th>
              <th scope="col">{t('activity.ledgerSource')}</th>
              <th scope="col">{t('optOuts.scope')}</th>
              <th scope="col">{t('activity.ledgerChanges')}</th>
              <th scope="col">{t('activity.ledgerNote')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.entries.map((entry) => (
              <tr key={entry.id}>
                <td>{when(entry.at)}</td>
                <td>{ledgerSourceInWords(entry.source)} · {consentActionInWords(entry.action)}</td>
                <td>{tKey(`contact.scope.${entry.scope_kind}`)}</td>
                <td>{entry.changes.map((change) => `${contactStateInWords(change.field, change.from)} → ${contactStateInWords(change.field, change.to)}`).join(', ')}</td>
                <td>{entry.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
