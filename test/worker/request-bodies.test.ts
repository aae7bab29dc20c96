import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { parseUrlEncoded } from '../../worker/http/read-body.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

/**
 * Bodies as strangers send them: every content type and charset a client may use on a POST
 * route is read when it can be, and answered with a 4xx saying why when it cannot, never a 500.
 */

const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
/** Excel's "Unicode text": UTF-16LE with a byte order mark. */
const utf16 = (text: string) => Uint8Array.from([0xff, 0xfe, ...[...text].flatMap((char) => [char.charCodeAt(0) & 0xff, char.charCodeAt(0) >> 8])]);

/** A POST with exactly these headers: a string body would get a type from fetch, bytes get none. */
function post(path: string, contentType: string | undefined, body: string | Uint8Array, token?: string) {
  const headers = new Headers(contentType ? { 'content-type': contentType } : {});
  if (token) headers.set('authorization', `Bearer ${token}`);
  return exports.default.fetch(new Request(BASE + path, { method: 'POST', headers, body: typeof body === 'string' && !contentType ? new TextEncoder().encode(body) : body }));
}

async function sendMessage(token: string, to: string[]) {
  const id = mintMessageId(await linkKeyOf(token));
  const res = await call('/api/messages', { method: 'POST', token, body: JSON.stringify(registration(id, { to })) });
  const links = ((await res.json()) as { smartLinks: Record<'unsubscribe' | 'preferences', string> }).smartLinks;
  return { unsubscribe: links.unsubscribe.slice(BASE.length), preferences: links.preferences.slice(BASE.length) };
}

async function doNotContact(token: string, email: string): Promise<string> {
  const res = await call('/api/contacts/status', { method: 'POST', token, body: JSON.stringify({ emails: [email] }) });
  return ((await res.json()) as { contacts: { doNotContact: string }[] }).contacts[0]!.doNotContact;
}

const part = (name: string, value: string) => `--b0undary\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const multipart = 'multipart/form-data; boundary=b0undary';

describe('a Smart Link form post', () => {
  it.each<[string, string | undefined, string | Uint8Array]>([
    ['the RFC 8058 body in Latin-1', 'application/x-www-form-urlencoded; charset=iso-8859-1', 'List-Unsubscribe=One-Click'],
    ['the RFC 8058 body in windows-1252, charset quoted', 'application/x-www-form-urlencoded; charset="windows-1252"', latin1('List-Unsubscribe=One-Click')],
    ['the RFC 8058 body as multipart', multipart, `${part('List-Unsubscribe', 'One-Click')}--b0undary--\r\n`],
    ['the RFC 8058 body with the type in capitals', 'Application/X-WWW-Form-Urlencoded;Charset=UTF-8', 'List-Unsubscribe=One-Click'],
  ])('unsubscribes for %s', async (_, contentType, body) => {
    const token = await createSender(`one-click-${crypto.randomUUID()}@example.com`);
    const reader = `reader-${crypto.randomUUID()}@example.org`;
    const links = await sendMessage(token, [reader]);
    const res = await post(links.unsubscribe, contentType, body);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await doNotContact(token, reader)).toBe('no_email');
  });

  it.each<[string, string, string | null, [string, string][]]>([
    ['Latin-1 escapes', 'email=j%F6rg%40example.org&lang=de', 'iso-8859-1', [['email', 'jörg@example.org'], ['lang', 'de']]],
    ['UTF-8 escapes', 'email=j%C3%B6rg%40example.org', null, [['email', 'jörg@example.org']]],
    ['plus as space, a bare name, empty pairs', 'a=b+c&&flag&=x', 'utf-8', [['a', 'b c'], ['flag', ''], ['', 'x']]],
    ['a stray percent', 'a=100%&b=%zz', null, [['a', '100%'], ['b', '%zz']]],
    ['windows-1252 quotes', 'q=%93hi%94', 'windows-1252', [['q', '\u201chi\u201d']]],
  ])('reads %s in the form\'s charset', (_, body, charset, fields) => {
    const parsed = parseUrlEncoded(latin1(body), charset);
    expect(parsed.ok && [...parsed.fields]).toEqual(fields);
  });

  it.each<[string, string | undefined, string | Uint8Array, number]>([
    ['multipart without a boundary', 'multipart/form-data', part('email', 'reader@example.org'), 400],
    ['multipart with another boundary than the body', 'multipart/form-data; boundary=other', `${part('email', 'reader@example.org')}--b0undary--\r\n`, 400],
    ['multipart cut short', multipart, part('email', 'reader@example.org').slice(0, 40), 400],
    ['multipart with no closing boundary', multipart, part('email', 'reader@example.org'), 400],
    ['multipart with an empty body', multipart, '', 400],
    ['urlencoded UTF-8 that is not UTF-8', 'application/x-www-form-urlencoded', 'email=%FF%FE%40example.org', 400],
    ['urlencoded in a charset nobody knows', 'application/x-www-form-urlencoded; charset=x-klingon', 'List-Unsubscribe=One-Click', 415],
    ['plain text', 'text/plain', 'List-Unsubscribe=One-Click', 415],
    ['JSON', 'application/json', '{"List-Unsubscribe":"One-Click"}', 415],
    ['a body with no type', undefined, 'List-Unsubscribe=One-Click', 415],
  ])('answers %s with its page and a 4xx, changing nothing', async (_, contentType, body, status) => {
    const token = await createSender(`bad-form-${crypto.randomUUID()}@example.com`);
    const reader = `reader-${crypto.randomUUID()}@example.org`;
    const links = await sendMessage(token, [reader]);
    const res = await post(links.unsubscribe, contentType, body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('role="alert"');
    expect(await doNotContact(token, reader)).toBe('none');
  });

  it.each<[string, Record<string, string>]>([
    ['no field at all', {}],
    ['the address only', { email: 'reader@example.org' }],
    ['a scope and nothing chosen', { email: 'reader@example.org', scope: 'organisation' }],
  ])('answers a preferences form with %s with a 400 page', async (_, fields) => {
    const token = await createSender(`prefs-missing-${crypto.randomUUID()}@example.com`);
    const links = await sendMessage(token, ['reader@example.org', 'other@example.org']);
    const res = await call(links.preferences, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('role="alert"');
  });
});

describe('a JSON API body', () => {
  it('is read in the charset it declares', async () => {
    const token = await createSender('json-latin1@example.com');
    const id = mintMessageId(await linkKeyOf(token));
    const json = JSON.stringify(registration(id, { subject: 'Café für Jörg' }));
    const res = await call('/api/messages', { method: 'POST', token, headers: { 'content-type': 'application/json; charset=ISO-8859-1' }, body: latin1(json) });
    expect(res.status, await res.clone().text()).toBe(201);
    const stored = (await (await call(`/api/messages/${id}`, { token })).json()) as { subject: string };
    expect(stored.subject).toBe('Café für Jörg');
  });

  it.each<[string, string | undefined, string | Uint8Array, number, string]>([
    ['plain text', 'text/plain', '{}', 415, 'unsupported_media_type'],
    ['a form', 'application/x-www-form-urlencoded', 'id=x', 415, 'unsupported_media_type'],
    ['no type at all', undefined, '{}', 415, 'unsupported_media_type'],
    ['a charset nobody knows', 'application/json; charset=x-klingon', '{}', 415, 'unsupported_media_type'],
    ['UTF-8 that is not UTF-8', 'application/json', Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 400, 'malformed_body'],
    ['JSON cut short', 'application/json; charset=utf-8', '{"id":', 400, 'malformed_json'],
  ])('answers %s with the envelope and a 4xx', async (_, contentType, body, status, code) => {
    const token = await createSender(`json-bad-${crypto.randomUUID()}@example.com`);
    for (const path of ['/api/messages', '/api/contacts/status']) {
      const res = await post(path, contentType, body, token);
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe(code);
    }
  });
});

describe('a CSV import', () => {
  it('is read in the charset a spreadsheet saved it in (Excel\'s Unicode text)', async () => {
    const token = await createSender('csv-cp1252@example.com');
    const res = await post('/api/suppressions/import', 'text/csv; charset=utf-16', utf16('email,doNotContact\nexcel@example.org,no_email\n'), token);
    expect(await res.json()).toEqual({ imported: 1, unchanged: 0, rejected: [] });
    expect(await doNotContact(token, 'excel@example.org')).toBe('no_email');
  });

  it('refuses JSON with a 415', async () => {
    const token = await createSender('csv-json@example.com');
    const res = await call('/api/suppressions/import', { method: 'POST', token, body: '{}' });
    expect(res.status).toBe(415);
  });
});
