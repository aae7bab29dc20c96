import { exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { ROUTES } from '../../worker/api-reference/routes.ts';
import { app } from '../../worker/app.ts';
import { FORM_TYPES, isJsonMediaType, parseContentType } from '../../worker/http/read-body.ts';
import { BASE, call, createSender, linkKeyOf, registration } from './helpers.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const PREFIXES = ['/o/', '/c/', '/s/', '/s/unsubscribe/', '/s/preferences/', '/api/', '/api/messages/', '/api/events', '/api/contacts/', '/api/suppressions', '/health', '/'];
const segment = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{0,70}$/), fc.string({ maxLength: 30 }).map(encodeURIComponent), fc.constantFrom('..', '%00', '%2F', '%ff', 'x'.repeat(300)));

const request = fc.record({
  method: fc.constantFrom(...METHODS),
  path: fc.tuple(fc.constantFrom(...PREFIXES), fc.array(segment, { maxLength: 5 })).map(([prefix, parts]) => prefix + parts.join('/')),
  query: fc.option(fc.string({ maxLength: 40 }).map((q) => `?${encodeURIComponent(q)}=${encodeURIComponent(q)}`), { nil: '' }),
  userAgent: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
  acceptLanguage: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
  contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/csv', 'multipart/form-data; boundary=x', 'text/plain'),
  body: fc.oneof(fc.constant(''), fc.string({ maxLength: 300 }), fc.json({ maxDepth: 3 }), fc.constant('List-Unsubscribe=One-Click')),
  authenticated: fc.boolean(),
});

/** Header values must be ByteStrings without CR/LF; the network would refuse anything else. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '');
}

describe('every public route under random input', () => {
  it('never answers 5xx, always serves the pixel as a GIF, never redirects to an unsigned place, names the problem in 4xx', async () => {
    const token = await createSender('fuzz@example.com');
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        runs++;
        const headers: Record<string, string> = { 'content-type': r.contentType };
        if (r.userAgent !== undefined) headers['user-agent'] = headerSafe(r.userAgent);
        if (r.acceptLanguage !== undefined) headers['accept-language'] = headerSafe(r.acceptLanguage);
        const hasBody = !['GET', 'HEAD'].includes(r.method);
        const res = await call(r.path + r.query, { method: r.method, headers, body: hasBody ? r.body : undefined, token: r.authenticated ? token : undefined, redirect: 'manual' });
        expect(res.status, `${r.method} ${r.path}`).toBeLessThan(500);
        if (r.path.startsWith('/o/') && r.method === 'GET') expect(res.headers.get('content-type')).toBe('image/gif');
        // No random input is a validly signed link, so nothing may redirect.
        expect(res.headers.get('location'), `${r.method} ${r.path}`).toBeNull();
        if (res.status >= 400 && r.path.startsWith('/api/') && r.method !== 'HEAD') {
          const body = (await res.json()) as { error: { code: string; message: string } };
          expect(body.error.message.length).toBeGreaterThan(5);
        }
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }),
      { numRuns: 600, seed: Number(process.env.FUZZ_SEED ?? 20261124) },
    );
    expect(runs).toBe(600);
  }, 120_000);
});

const utf8Bytes = (text: string) => new TextEncoder().encode(text);
const latin1Bytes = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff);
const utf16Bytes = (text: string) => Uint8Array.from([...text].flatMap((char) => [char.charCodeAt(0) & 0xff, char.charCodeAt(0) >> 8]));

const MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/csv', 'text/plain', 'application/octet-stream', 'application/merge-patch+json', 'Application/JSON', 'text', '*/*', ';', ''];
const CHARSETS = [undefined, 'utf-8', 'UTF-8', '"utf-8"', 'iso-8859-1', 'windows-1252', 'utf-16le', 'utf-16', 'shift_jis', 'koi8-r', 'x-unknown', '', '"'];
const BOUNDARIES = [undefined, 'b0undary', '"b0undary"', 'other', '""', 'x'.repeat(100)];

/** A Content-Type header as clients get it right and wrong; null sends none. */
const contentType = fc.tuple(fc.constantFrom(...MEDIA_TYPES), fc.constantFrom(...CHARSETS), fc.constantFrom(...BOUNDARIES)).map(([media, charset, boundary]) =>
  media === '' && charset === undefined && boundary === undefined ? null : `${media}${charset === undefined ? '' : `; charset=${charset}`}${boundary === undefined ? '' : `; boundary=${boundary}`}`,
);

const fieldName = fc.oneof(fc.constantFrom('email', 'List-Unsubscribe', 'lang', 'scope', 'step', 'undo', 'doNotContact', 'consent', 'tracking', 'emails', 'organisationName'), fc.string({ maxLength: 12 }));
const fieldValue = fc.oneof(
  fc.constantFrom('One-Click', 'reader@example.org', 'no_email', 'organisation', 'identify', 'granted', 'refused', '%FF', '%', '%zz', '+', 'é', '\u0000', ''),
  fc.string({ maxLength: 30 }),
);
const multipartPart = (name: string, value: string, boundary: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

/** Bodies of every kind: random bytes, JSON, forms (some not well-formed), multipart cut anywhere. */
const body = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.string({ maxLength: 200 }).map(utf8Bytes),
  fc.json({ maxDepth: 3 }).map(utf8Bytes),
  fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 6 }).chain((pairs) => {
    const text = pairs.map(([name, value]) => `${encodeURIComponent(name)}=${value}`).join('&');
    return fc.constantFrom(utf8Bytes(text), latin1Bytes(text), utf16Bytes(text));
  }),
  fc.tuple(fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 5 }), fc.constantFrom('b0undary', 'other'), fc.boolean(), fc.nat()).map(([pairs, boundary, closed, cut]) => {
    const whole = utf8Bytes(pairs.map(([name, value]) => multipartPart(name, value, boundary)).join('') + (closed ? `--${boundary}--\r\n` : ''));
    // Often whole, sometimes truncated anywhere.
    return cut % 3 === 0 ? whole.slice(0, cut % (whole.length + 1)) : whole;
  }),
  fc.constantFrom(latin1Bytes('List-Unsubscribe=One-Click'), utf16Bytes('List-Unsubscribe=One-Click'), new Uint8Array(), utf8Bytes('{"emails":["a@example.org"]}')),
);

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

describe('every route that takes a body, under malformed bodies of every content type and charset', () => {
  it('never answers 5xx; the API always in its envelope, the pages as pages', async () => {
    const sender = await createSender('body-fuzz@example.com');
    const admin = await createSender('body-fuzz-admin@example.com', 'admin');
    const key = await linkKeyOf(sender);
    const register = async (to: string[]) => {
      const id = mintMessageId(key);
      const res = await call('/api/messages', { method: 'POST', token: sender, body: JSON.stringify(registration(id, { to })) });
      return { id, smartLinks: ((await res.json()) as { smartLinks: Record<string, string> }).smartLinks };
    };
    const routes = [...new Set(app.routes.filter((route) => BODY_METHODS.has(route.method)).map((route) => `${route.method} ${route.path}`))];
    // A value for each path parameter, so that the body reaches the handler (a fresh message per
    // Smart Link post: each link's form is rate limited).
    const concrete = async (path: string, pick: number): Promise<string> => {
      if (path === '/s/:slug/:messageId/:signature') {
        const { smartLinks } = await register(pick % 2 ? ['reader@example.org'] : ['reader@example.org', 'other@example.org']);
        return Object.values(smartLinks)[pick % 5]!.slice(BASE.length);
      }
      return path.replace(/:(\w+)/g, (_, name: string) => {
        if (name === 'slug') return ['unsubscribe', 'preferences', 'nothing'][pick % 3]!;
        if (name === 'token') return 'A'.repeat(1 + (pick % 50));
        if (name === 'token') return 'A'.repeat(43);
        throw new Error(`the body fuzz has no value for :${name} in ${path}: add one`);
      });
    };
    const viewed = await register(['viewer@example.org']);
    let requests = 0;
    let serverErrors = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), contentType, body, fc.nat(), async (route, type, bytes, pick) => {
        const [method, pattern] = route.split(' ') as [string, string];
        const path = (await concrete(pattern.replace(':id', viewed.id), pick));
        const headers = new Headers(type === null ? {} : { 'content-type': type });
        if (path.startsWith('/api/')) headers.set('authorization', `Bearer ${path.startsWith('/api/accounts') || path.startsWith('/api/settings') ? admin : sender}`);
        requests++;
        const res = await exports.default.fetch(new Request(BASE + path, { method, headers, body: bytes }));
        const what = `${method} ${path} [${type}] ${JSON.stringify(new TextDecoder().decode(bytes)).slice(0, 200)}`;
        if (res.status >= 500) serverErrors++;
        expect(res.status, what).toBeLessThan(500);
        // A body of a type the route does not take is a 415, as the API reference says.
        const media = parseContentType(type ?? undefined)?.mediaType;
        const takes = ROUTES.find((doc) => `${doc.method} ${doc.route}` === route)?.body?.mediaType;
        if (takes === 'application/json' && !isJsonMediaType(media)) expect(res.status, what).toBe(415);
        if (takes === 'application/x-www-form-urlencoded' && (media ? !(FORM_TYPES as readonly string[]).includes(media) : bytes.length > 0)) expect(res.status, what).toBe(415);
        if (res.status < 400) return;
        if (path.startsWith('/api/')) {
          expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
          expect(typeof ((await res.json()) as { error: { code: unknown } }).error.code, what).toBe('string');
        } else {
          expect(res.headers.get('content-type'), what).toMatch(/^text\/(html|plain)/);
        }
      }),
      { numRuns: 500, seed: Number(process.env.FUZZ_SEED ?? 20261207) },
    );
    console.log(`body fuzz: ${requests} requests over ${routes.length} routes, ${serverErrors} answered 5xx`);
    expect(requests).toBe(500);
  }, 180_000);
});
