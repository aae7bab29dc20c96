import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, createSender } from './helpers.ts';

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
