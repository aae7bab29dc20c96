import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MESSAGE_LIST_FILTERS, type MessageEvents, type MessageList, type MessageListEntry } from '../../shared/schemas/message-list.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { trackedLinkUrl } from '../../shared/tracking/tracked-link.ts';
import { messageListQuery } from '../../worker/tracking/message-list-query.ts';
import { BASE, call, createSender, eventually, linkKeyOf, registration } from './helpers.ts';

const search = (q: string) => `?q=${encodeURIComponent(q)}`;

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const HOUR = 3_600_000;

async function sender(email: string) {
  const token = await createSender(email);
  const key = await linkKeyOf(token);
  const send = async (overrides: Record<string, unknown> = {}) => {
    const id = mintMessageId(key);
    const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, overrides)) });
    expect(res.status).toBe(201);
    return id;
  };
  return { token, key, send };
}

async function list(token: string, query = ''): Promise<MessageList> {
  const res = await call(`/api/messages${query}`, { token });
  expect(res.status, query).toBe(200);
  return (await res.json()) as MessageList;
}

const ids = (body: MessageList) => body.messages.map((m) => m.id);
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('GET /api/messages', () => {
  it('lists the sender\'s messages newest first with opens, reliable opens, machine opens, clicks and a status', async () => {
    const { token, key, send } = await sender('list@example.com');
    const stranger = await sender('list-stranger@example.com');
    const opened = await send({ subject: 'Opened by Ana', sentAt: ago(3 * HOUR), to: ['ana@example.org'], cc: ['cc@example.org'] });
    const proxied = await send({ subject: 'Only Gmail fetched it', sentAt: ago(2 * HOUR) });
    const silent = await send({ subject: 'Nothing yet', sentAt: ago(HOUR), tracked: false, massMail: true });
    await stranger.send({ subject: 'Not yours' });

    await call(`/o/${opened}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.1.2.3' } });
    const link = trackedLinkUrl(BASE, key, opened, 0, 'https://example.org/pricing?plan=team').slice(BASE.length);
    await call(link, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.1.2.3' }, redirect: 'manual' });
    await call(`/o/${proxied}`, { headers: { 'user-agent': GMAIL_PROXY, 'cf-connecting-ip': '66.249.93.84' } });

    const body = await eventually(async () => {
      const page = await list(token);
      const counts = page.messages.map((m) => m.opens + m.machineOpens + m.clicks);
      return counts.join() === '0,1,2' && page;
    }, 'the rollup of three hits');
    expect(ids(body)).toEqual([silent, proxied, opened]);
    expect(body.next).toBeNull();
    const [silentEntry, proxiedEntry, openedEntry] = body.messages as [MessageListEntry, MessageListEntry, MessageListEntry];
    expect(openedEntry).toEqual({
      id: opened, subject: 'Opened by Ana', to: ['ana@example.org'], cc: ['cc@example.org'], bcc: [],
      sentAt: expect.stringMatching(/Z$/) as string, tracked: true, massMail: false,
      opens: 1, reliableOpens: 1, machineOpens: 0, clicks: 1, lastActivityAt: expect.any(String) as string, status: 'opened', statusBy: 'human',
    });
    expect(proxiedEntry).toEqual(expect.objectContaining({ opens: 1, reliableOpens: 0, machineOpens: 0, clicks: 0, status: 'opened_unreliable', statusBy: 'google_proxy' }));
    expect(silentEntry).toEqual(expect.objectContaining({ opens: 0, machineOpens: 0, clicks: 0, lastActivityAt: null, status: 'not_opened', statusBy: null, tracked: false, massMail: true }));
    expect(Date.parse(openedEntry.lastActivityAt!)).toBeGreaterThan(Date.parse(openedEntry.sentAt));

    expect(ids(await list(token, '?filter=opened'))).toEqual([proxied, opened]);
    expect(ids(await list(token, '?filter=clicked'))).toEqual([opened]);
    expect(ids(await list(token, '?filter=machine_only'))).toEqual([]);
    expect(ids(await list(token, '?filter=not_opened'))).toEqual([silent]);
    expect(ids(await list(token, '?filter=all&days=1'))).toEqual([silent, proxied, opened]);
    expect(ids(await list(stranger.token))).not.toContain(opened);
  });

  it('not_opened with days: sent at least that many days ago and no reliable open; other filters: within the last days', async () => {
    const { token, send } = await sender('days@example.com');
    const old = await send({ sentAt: ago(5 * 24 * HOUR) });
    const recent = await send({ sentAt: ago(HOUR) });
    expect(ids(await list(token, '?filter=not_opened&days=3'))).toEqual([old]);
    expect(ids(await list(token, '?filter=not_opened&days=6'))).toEqual([]);
    expect(ids(await list(token, '?filter=all&days=3'))).toEqual([recent]);
  });

  it('searches subjects (any case, any script) and recipient addresses, and nothing else', async () => {
    const { token, send } = await sender('search@example.com');
    const uber = await send({ subject: 'Über den Vertrag', to: ['joerg@example.de'], sentAt: ago(3 * HOUR) });
    const acme = await send({ subject: 'Quote 100% final', to: ['buyer@acme.example'], bcc: ['boss@acme.example'], sentAt: ago(2 * HOUR) });
    const other = await send({ subject: 'Lunch', to: ['ana@example.org'], sentAt: ago(HOUR) });
    expect(ids(await list(token, `?q=${encodeURIComponent('ÜBER')}`))).toEqual([uber]);
    expect(ids(await list(token, '?q=ACME.example'))).toEqual([acme]);
    expect(ids(await list(token, '?q=boss@'))).toEqual([acme]);
    expect(ids(await list(token, `?q=${encodeURIComponent('100%')}`))).toEqual([acme]);
    // The stored recipients are JSON: its keys and punctuation are not searchable text.
    expect(ids(await list(token, '?q=bcc'))).toEqual([]);
    expect(ids(await list(token, `?q=${encodeURIComponent('%')}`))).toEqual([acme]);
    expect(ids(await list(token, '?q=lunch'))).toEqual([other]);
  });

  it('pages by send time without losing messages sent at the same moment', async () => {
    const { token, send } = await sender('pages@example.com');
    const same = ago(2 * HOUR);
    const newest = await send({ sentAt: ago(HOUR) });
    const tied = [await send({ sentAt: same, subject: 'Tied 1' }), await send({ sentAt: same, subject: 'Tied 2' }), await send({ sentAt: same, subject: 'Tied 3' })];
    const oldest = await send({ sentAt: ago(3 * HOUR) });

    const first = await list(token, '?limit=2');
    expect(first.messages[0]!.id).toBe(newest);
    expect(first.next).toBe(same);
    // The page grows to hold every message of the boundary's send time.
    expect(ids(first).slice(1).sort()).toEqual([...tied].sort());
    const second = await list(token, `?limit=2&before=${encodeURIComponent(first.next!)}`);
    expect(ids(second)).toEqual([oldest]);
    expect(second.next).toBeNull();

    // Ties that are the oldest messages: the page that takes them all says it is the last.
    const tail = await list(token, `?limit=2&before=${encodeURIComponent(ago(1.5 * HOUR))}&filter=all&q=${encodeURIComponent('tied')}`);
    expect(ids(tail).sort()).toEqual([...tied].sort());
    expect(tail.next).toBeNull();

    const byOne = await list(token, '?limit=1');
    expect(ids(byOne)).toEqual([newest]);
    expect(byOne.next).not.toBeNull();
  });

  it.each([
    ['filter=seen', 'filter'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['days=-1', 'days'],
    ['before=yesterday', 'before'],
    ['filter=opened&filter=clicked', 'filter'],
    [`q=${'x'.repeat(300)}`, 'q'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const token = await createSender(`list-bad-${crypto.randomUUID()}@example.com`);
    const res = await call(`/api/messages?${query}`, { token });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; field: string; message: string } };
    expect(body.error).toEqual(expect.objectContaining({ code: 'invalid_request', field }));
    expect(body.error.message).toMatch(/\w{4}/);
  });
});

describe('GET /api/messages/<id>/events', () => {
  it('gives every hit and consent change of one message, oldest first, with class and reason', async () => {
    const token = await createSender('detail@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const registered = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to: ['detail@example.org'], sentAt: ago(HOUR) })) });
    const { smartLinks } = (await registered.json()) as { smartLinks: { unsubscribe: string } };
    await call(`/o/${id}`, { headers: { 'user-agent': GMAIL_PROXY, 'cf-connecting-ip': '66.249.93.84' } });
    await eventually(async () => (await detail(token, id)).events.length === 1 && true, 'the proxy open');
    await call(`/o/${id}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.1.2.3' } });
    await eventually(async () => (await detail(token, id)).events.length === 2 && true, 'the human open');
    await call(smartLinks.unsubscribe.slice(BASE.length), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
    });

    const { events } = await eventually(async () => {
      const body = await detail(token, id);
      return body.events.some((e) => e.kind === 'consent') && body;
    }, 'the consent event');
    expect(events.map((e) => e.at)).toEqual(events.map((e) => e.at).sort());
    expect(events.slice(0, 2).map((e) => [e.kind, e.class, e.reliable])).toEqual([['open', 'google_proxy', false], ['open', 'human', true]]);
    for (const event of events) {
      expect(event.messageId).toBe(id);
      expect(event.reason).toMatch(/\w{3}/);
      expect(event.to).toEqual(['detail@example.org']);
    }
    const consent = events.find((e) => e.kind === 'consent')!;
    expect(consent).toEqual(expect.objectContaining({ class: 'human', reliable: true }));
    // The list's last activity includes consent changes, which are not hits (a form POST records none).
    expect(events.at(-1)).toBe(consent);
    expect((await list(token)).messages.find((m) => m.id === id)!.lastActivityAt).toBe(consent.at);
  });

  it('already lists the hits of a minted id whose registration has not landed yet', async () => {
    const token = await createSender('detail-early@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    await call(`/o/${id}`, { headers: { 'user-agent': CHROME, 'cf-connecting-ip': '73.1.2.3' } });
    const { events } = await eventually(async () => {
      const body = await detail(token, id);
      return body.events.length === 1 && body;
    }, 'the early hit');
    expect(events[0]).toEqual(expect.objectContaining({ messageId: id, kind: 'open', subject: null, to: [] }));
    // The list shows registered messages only: there is nothing to show for it yet.
    expect(ids(await list(token))).toEqual([]);
  });

  it('answers 404 in the error envelope for another sender\'s message and for an unknown id', async () => {
    const owner = await createSender('detail-owner@example.com');
    const stranger = await createSender('detail-stranger@example.com');
    const id = mintMessageId(await linkKeyOf(owner));
    await call('/api/messages', { method: 'POST', token: owner, body: JSON.stringify(registration(id)) });
    for (const [token, messageId] of [[stranger, id], [owner, 'A'.repeat(22)], [owner, 'not an id']] as const) {
      const res = await call(`/api/messages/${encodeURIComponent(messageId)}/events`, { token });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string; field: string } }).error).toEqual(expect.objectContaining({ code: 'not_found', field: 'id' }));
    }
  });
});

async function detail(token: string, id: string): Promise<MessageEvents> {
  const res = await call(`/api/messages/${id}/events`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as MessageEvents;
}

describe('the message list query plan', () => {
  const plan = async (filter: (typeof MESSAGE_LIST_FILTERS)[number], q: string) => {
    const { sql, params } = messageListQuery(filter, 'before', 51, { account: 'acc', cursor: '9999', from: '', until: '9999', q });
    const steps = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    return steps.results.map((row) => row.detail).join('\n');
  };

  it.each(MESSAGE_LIST_FILTERS)('%s walks the sender\'s messages in send order, without a sort or a scan of the rollup', async (filter) => {
    for (const q of ['', 'x', 'xy']) {
      const steps = await plan(filter, q);
      expect(steps, q).toMatch(/SEARCH m USING INDEX messages_by_account_sent/);
      expect(steps, q).not.toMatch(/TEMP B-TREE|SCAN [msl]\b|message_search/);
    }
  });

  it.each(MESSAGE_LIST_FILTERS)('%s with a search of three characters or more starts from the trigram index, not the sender\'s messages', async (filter) => {
    const steps = await plan(filter, 'acme');
    expect(steps).toMatch(/SCAN message_search VIRTUAL TABLE INDEX/);
    expect(steps).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(steps).not.toMatch(/messages_by_account_sent|SCAN [msl]\b/);
  });
});

describe('the message search index', () => {
  const indexed = async (phrase: string) =>
    (await env.DB.prepare('SELECT COUNT(*) AS n FROM message_search WHERE message_search MATCH ?').bind(`"${phrase}"`).first<{ n: number }>())!.n;

  it('finds subject substrings and addresses in any case, short searches too, and only the sender\'s own', async () => {
    const { token, send } = await sender('fts@example.com');
    const stranger = await sender('fts-stranger@example.com');
    const renewal = await send({ subject: 'Contract RENEWAL for Zephyrine GmbH', to: ['procurement@zephyrine.example'], sentAt: ago(3 * HOUR) });
    const invoice = await send({ subject: 'Invoice 7', to: ['ap@ledgerly.example'], cc: ['Kim.Ortega@ledgerly.example'], sentAt: ago(2 * HOUR) });
    const strangers = await stranger.send({ subject: 'Zephyrine renewal (not yours)', to: ['procurement@zephyrine.example'] });

    expect(ids(await list(token, search('enewal for zeph')))).toEqual([renewal]);
    expect(ids(await list(token, search('ZEPHYRINE')))).toEqual([renewal]);
    expect(ids(await list(token, search('kim.ortega@')))).toEqual([invoice]);
    expect(ids(await list(token, search('ledgerly.EXAMPLE')))).toEqual([invoice]);
    // Shorter than a trigram: the same answer, read from the sender's messages in order.
    expect(ids(await list(token, search('e 7')))).toEqual([invoice]);
    expect(ids(await list(token, search('7')))).toEqual([invoice]);
    expect(ids(await list(token, search('ap')))).toEqual([invoice]);
    // A phrase spanning two addresses is in the index's text, not in any one address.
    expect(ids(await list(token, search('example\nkim')))).toEqual([]);
    expect(ids(await list(token, search('"zeph')))).toEqual([]);
    expect(ids(await list(stranger.token, search('zephyrine')))).toEqual([strangers]);
    expect(ids(await list(stranger.token, search('ledgerly')))).toEqual([]);
  });

  it('pages indexed results newest first with the same cursor', async () => {
    const { token, send } = await sender('fts-pages@example.com');
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await send({ subject: `Weekly digest ${i}`, sentAt: ago((5 - i) * HOUR) }));
    await send({ subject: 'Unrelated', sentAt: ago(30 * 60_000) });
    const first = await list(token, `${search('digest')}&limit=2`);
    expect(ids(first)).toEqual([sent[4], sent[3]]);
    const second = await list(token, `${search('digest')}&limit=2&before=${encodeURIComponent(first.next!)}`);
    expect(ids(second)).toEqual([sent[2], sent[1]]);
    const last = await list(token, `${search('digest')}&limit=2&before=${encodeURIComponent(second.next!)}`);
    expect(ids(last)).toEqual([sent[0]]);
    expect(last.next).toBeNull();
  });

  it('finds a message by the recipients filled in after it was registered without them', async () => {
    const token = await createSender('fts-fill@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const unknown = registration(id, { subject: 'Fill-in test', to: [], cc: [], bcc: [] });
    expect((await call('/api/messages', { method: 'POST', token, body: JSON.stringify(unknown) })).status).toBe(201);
    expect(ids(await list(token, search('late.recipient@')))).toEqual([]);
    const filled = { ...unknown, to: ['Late.Recipient@fillin.example'] };
    expect((await call('/api/messages', { method: 'POST', token, body: JSON.stringify(filled) })).status).toBe(200);
    expect(ids(await list(token, search('late.recipient@')))).toEqual([id]);
    expect(ids(await list(token, search('fill-in')))).toEqual([id]);
  });

  it('follows a re-registration that changes the subject before the message went out', async () => {
    const token = await createSender('fts-edit@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const draft = registration(id, { subject: 'Draft about walruses', sentAt: new Date(Date.now() + HOUR).toISOString() });
    expect((await call('/api/messages', { method: 'POST', token, body: JSON.stringify(draft) })).status).toBe(201);
    expect((await call('/api/messages', { method: 'POST', token, body: JSON.stringify({ ...draft, subject: 'Final about narwhals' }) })).status).toBe(200);
    expect(ids(await list(token, search('walrus')))).toEqual([]);
    expect(ids(await list(token, search('narwhal')))).toEqual([id]);
  });

  it('keeps nothing of an erased contact\'s address, nor of a deleted message', async () => {
    const admin = await createSender('fts-admin@example.com', 'admin');
    const { token, send } = await sender('fts-erase@example.com');
    const id = await send({ subject: 'For Quillon', to: ['quillon.erase@erasure.example', 'stays@erasure.example'] });
    expect(await indexed('quillon.erase')).toBe(1);
    expect((await call(`/api/contacts/${encodeURIComponent('quillon.erase@erasure.example')}`, { method: 'DELETE', token: admin })).status).toBe(204);
    expect(await indexed('quillon.erase')).toBe(0);
    // secure-delete: a deleted entry is removed from the index pages, not only masked by a marker.
    const secureDelete = await env.DB.prepare("SELECT v FROM message_search_config WHERE k = 'secure-delete'").first<{ v: number }>();
    expect(secureDelete?.v).toBe(1);
    expect(ids(await list(token, search('quillon.erase')))).toEqual([]);
    expect(ids(await list(token, search('stays@')))).toEqual([id]);
    expect(ids(await list(token, search('for quillon')))).toEqual([id]);

    // Nothing in the service deletes a message yet; a deleted row must leave the index too.
    await env.DB.batch([env.DB.prepare('DELETE FROM message_links WHERE message_id = ?').bind(id), env.DB.prepare('DELETE FROM messages WHERE id = ?').bind(id)]);
    expect(await indexed('for quillon')).toBe(0);
    expect(await indexed('stays@erasure')).toBe(0);
    expect(ids(await list(token, search('quillon')))).toEqual([]);
  });

  it('answers nothing to a deleted account, and nothing of its messages to anyone else', async () => {
    const admin = await createSender('fts-admin-2@example.com', 'admin');
    const { token, send } = await sender('fts-gone@example.com');
    await send({ subject: 'Gone sender\'s Pelicans' });
    const account = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'fts-gone@example.com'").first<{ id: string }>())!.id;
    expect((await call(`/api/accounts/${account}`, { method: 'DELETE', token: admin })).status).toBe(204);
    expect((await call(`/api/messages${search('pelican')}`, { token })).status).toBe(401);
    expect(ids(await list(admin, search('pelican')))).toEqual([]);
  });
});
