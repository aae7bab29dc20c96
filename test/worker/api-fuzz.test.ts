import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../shared/consent/suppression-csv.ts';
import { mintMessageId } from '../../shared/tracking/message-id.ts';
import { call, createSender, linkKeyOf, registration } from './helpers.ts';

/**
 * The JSON API under random and mutated input with a valid token: never a 5xx, every error in
 * the envelope with a code, the wrong field named, and valid input still accepted. Bounded runs
 * (636 requests in all) keep the worker project quick; FUZZ_SEED replays a failure.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const MUTATED_RUNS = 60;
const VALID_RUNS = 12;

type Body = Record<string, unknown>;

interface JsonRoute {
  method: 'POST' | 'PUT';
  path: string;
  admin: boolean;
  /** Bodies the route accepts; `fresh` makes addresses and ids unique per run. */
  valid: (fresh: string) => fc.Arbitrary<Body>;
  accepted: number[];
  /** Values more likely than random JSON to reach past validation into the handler. */
  nearMisses?: Record<string, fc.Arbitrary<unknown>>;
}

const localPart = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/).filter((s) => !s.includes('..') && !/[._-]$/.test(s));
const email = (fresh: string) => localPart.map((local) => `${local}.${fresh}@example.org`);
const httpUrl = fc.webUrl({ validSchemes: ['https', 'http'] }).filter((url) => url.length < 2000);

function routes(linkKey: Parameters<typeof mintMessageId>[0]): JsonRoute[] {
  return [
    {
      method: 'POST', path: '/api/messages', admin: false, accepted: [200, 201],
      valid: (fresh) =>
        fc.record({
          subject: fc.string({ maxLength: 200 }),
          to: fc.array(email(fresh), { minLength: 1, maxLength: 4 }),
          cc: fc.array(email(fresh), { maxLength: 2 }),
          massMail: fc.boolean(),
          tracked: fc.boolean(),
          links: fc.uniqueArray(fc.nat(50), { maxLength: 4 }).chain((indexes) => fc.tuple(...indexes.map((index) => httpUrl.map((url) => ({ index, url }))))),
          sentAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
        }).map((body) => ({ ...registration(mintMessageId(linkKey)), ...body })),
      nearMisses: {
        // Two links with one index, a link index out of range, ids of the wrong shape.
        links: fc.array(fc.record({ index: fc.integer({ min: -1, max: 2 }), url: httpUrl }), { maxLength: 4 }),
        id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{10,70}$/), fc.constant(mintMessageId(linkKey))),
        sentAt: fc.oneof(fc.constant('2026-02-31T10:00:00Z'), fc.constant('2026-01-01T10:00:00.123456789+05:30'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
      },
    },
    {
      method: 'POST', path: '/api/contacts/status', admin: false, accepted: [200],
      valid: (fresh) => fc.record({ emails: fc.array(email(fresh), { minLength: 1, maxLength: 5 }) }),
      nearMisses: { emails: fc.array(fc.oneof(localPart.map((l) => `${l}@example.org`), fc.string({ maxLength: 20 })), { maxLength: 600 }) },
    },
    {
      method: 'POST', path: '/api/suppressions', admin: false, accepted: [200, 201],
      valid: (fresh) =>
        fc.record({
          email: email(fresh),
          doNotContact: fc.constantFrom('no_mass_email', 'no_email', 'no_contact'),
          scope: fc.constantFrom('organisation', 'sender'),
          tracking: fc.constantFrom('refused'),
        }, { requiredKeys: ['email', 'doNotContact'] }),
      nearMisses: {
        scope: fc.constantFrom('team', 'organisation', 'sender', 'everyone'),
        consent: fc.constantFrom('granted', 'withdrawn', 'unknown', 'maybe'),
        lawfulBasis: fc.constantFrom('contract', 'legitimate_interests', 'whim'),
        note: fc.string({ maxLength: 3000 }),
      },
    },
    {
      method: 'POST', path: '/api/accounts', admin: true, accepted: [201],
      valid: (fresh) => fc.record({ email: email(fresh), role: fc.constantFrom('admin', 'sender'), team: fc.constantFrom('Sales', 'Events', ' Näöü ') }, { requiredKeys: ['email'] }),
      nearMisses: { team: fc.string({ maxLength: 100 }), role: fc.constantFrom('root', 'admin', '') },
    },
    {
      method: 'PUT', path: '/api/settings', admin: true, accepted: [204],
      valid: () => fc.record({ organisationName: fc.string({ minLength: 1, maxLength: 100 }).filter((s) => s.trim().length > 0), requireLawfulBasis: fc.boolean() }, { requiredKeys: [] }),
      nearMisses: { organisationName: fc.string({ maxLength: 200 }) },
    },
    {
      method: 'POST', path: '/api/landmark-failures', admin: false, accepted: [204],
      valid: () =>
        fc.record({
          client: fc.constantFrom('gmail', 'outlook'),
          landmarks: fc.subarray(['body', 'send', 'recipients'], { minLength: 1 }),
          build: fc.option(fc.stringMatching(/^[!-~]{1,60}$/), { nil: null }),
        }),
      nearMisses: { landmarks: fc.array(fc.constantFrom('body', 'send', 'subject'), { maxLength: 4 }), build: fc.string({ maxLength: 200 }) },
    },
  ];
}

type Mutation =
  | { kind: 'replace'; key: string; value: unknown }
  | { kind: 'delete'; key: string }
  | { kind: 'unknown_key'; key: string; value: unknown }
  | { kind: 'whole'; raw: string };

function mutation(keys: string[], nearMisses: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Mutation> {
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), key, value: fc.jsonValue({ maxDepth: 2 }) }),
    ...Object.entries(nearMisses).map(([name, value]) => fc.record({ kind: fc.constant('replace' as const), key: fc.constant(name), value })),
    fc.record({ kind: fc.constant('delete' as const), key }),
    fc.record({ kind: fc.constant('unknown_key' as const), key: fc.stringMatching(/^[a-zA-Z_]{1,12}$/).filter((k) => !keys.includes(k) && !(k in nearMisses)), value: fc.jsonValue({ maxDepth: 1 }) }),
    fc.record({ kind: fc.constant('whole' as const), raw: fc.oneof(fc.json({ maxDepth: 2 }), fc.string({ maxLength: 200 }), fc.constantFrom('', 'null', '[]', '{', '{"a":', '"text"', '1e999', '{"__proto__":{"x":1}}')) }),
  );
}

function applyMutation(body: Body, m: Mutation): string {
  if (m.kind === 'whole') return m.raw;
  const copy: Body = { ...body };
  if (m.kind === 'delete') delete copy[m.key];
  else copy[m.key] = m.value;
  return JSON.stringify(copy);
}

interface Envelope { error?: { code?: unknown; message?: unknown; field?: unknown } }

/** Every 4xx of the API: JSON, a code, a sentence; a validation error names the field it is about. */
async function expectEnvelope(res: Response, what: string): Promise<Envelope['error']> {
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
  const body = (await res.json()) as Envelope;
  expect(typeof body.error?.code, what).toBe('string');
  expect(String(body.error?.message ?? '').length, what).toBeGreaterThan(5);
  if (body.error?.field !== undefined) expect(typeof body.error.field, what).toBe('string');
  return body.error;
}

describe('the JSON API under random input, with a valid token', () => {
  it('never answers 5xx, always the error envelope with a code and the wrong field, and takes valid bodies', async () => {
    const sender = await createSender('api-fuzz@example.com');
    const admin = await createSender('api-fuzz-admin@example.com', 'admin');
    let run = 0;
    let requests = 0;
    for (const route of routes(await linkKeyOf(sender))) {
      const token = route.admin ? admin : sender;
      const send = (body: string) => {
        requests++;
        return call(route.path, { method: route.method, token, body });
      };
      const what = (detail: string) => `${route.method} ${route.path} ${detail}`.slice(0, 600);

      await fc.assert(
        fc.asyncProperty(fc.gen(), async (gen) => {
          const body = gen(route.valid, `v${run++}`);
          const res = await send(JSON.stringify(body));
          expect(route.accepted, what(`valid ${JSON.stringify(body)} → ${res.status} ${res.status >= 400 ? await res.text() : ''}`)).toContain(res.status);
        }),
        { numRuns: VALID_RUNS, seed: SEED },
      );

      const sample = fc.sample(route.valid('sample'), { numRuns: 1, seed: SEED })[0]!;
      const keys = [...new Set([...Object.keys(sample), ...Object.keys(route.nearMisses ?? {})])];
      await fc.assert(
        fc.asyncProperty(fc.gen(), mutation(keys, route.nearMisses ?? {}), async (gen, m) => {
          const body = gen(route.valid, `m${run++}`);
          const raw = applyMutation(body, m);
          const res = await send(raw);
          const label = what(`${m.kind} ${'key' in m ? m.key : ''}: ${raw}`);
          expect(res.status, label).toBeLessThan(500);
          if (res.status < 400) return;
          const error = await expectEnvelope(res, label);
          if (m.kind !== 'whole' && error?.code === 'invalid_request') {
            const field = String(error.field);
            expect(field === m.key || field.startsWith(`${m.key}.`), `${label} named ${field}`).toBe(true);
          }
        }),
        { numRuns: MUTATED_RUNS, seed: SEED },
      );
    }

    // The suppression import takes CSV: random files are reports or clear 4xx, never 5xx.
    const cell = fc.oneof(fc.constantFrom('no_email', 'no_contact', 'none', 'granted', 'refused', 'sender', 'team', 'organisation', '=cmd()', '"'), localPart.map((l) => `${l}@example.org`), fc.string({ maxLength: 20 }));
    const csv = fc.tuple(
      fc.shuffledSubarray([...CSV_COLUMNS, 'extra'], { minLength: 0 }),
      fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 8 }),
      fc.constantFrom('\n', '\r\n', ';', '\t'),
    ).map(([header, rows, newline]) => [header.join(','), ...rows.map((row) => row.join(','))].join(newline));
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        requests++;
        const res = await call('/api/suppressions/import', { method: 'POST', token: sender, headers: { 'content-type': 'text/csv' }, body: text });
        expect(res.status, text).toBeLessThan(500);
        if (res.status >= 400) return void (await expectEnvelope(res, text));
        const report = (await res.json()) as { imported: number; unchanged: number; rejected: { line: number; field: string; message: string }[] };
        for (const row of report.rejected) expect(row.message.length, text).toBeGreaterThan(5);
      }),
      { numRuns: MUTATED_RUNS, seed: SEED },
    );
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(localPart, { minLength: 1, maxLength: 5 }), async (locals) => {
        requests++;
        const batch = run++;
        const body = ['email,doNotContact', ...locals.map((l) => `${l}.csv${batch}@example.org,no_email`)].join('\n');
        const res = await call('/api/suppressions/import', { method: 'POST', token: sender, headers: { 'content-type': 'text/csv' }, body });
        expect(res.status, body).toBe(200);
        expect(await res.json(), body).toEqual({ imported: locals.length, unchanged: 0, rejected: [] });
      }),
      { numRuns: VALID_RUNS, seed: SEED },
    );

    // The message list's query string: a page, or a 400 naming one of the parameters sent.
    const parameter = {
      filter: fc.oneof(fc.constantFrom('all', 'opened', 'not_opened', 'clicked', 'machine_only', 'OPENED', ''), fc.string({ maxLength: 12 })),
      days: fc.oneof(fc.integer({ min: -5, max: 5000 }).map(String), fc.string({ maxLength: 8 })),
      q: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('%', '_', '\\', "'", '"to"', 'x'.repeat(300))),
      limit: fc.oneof(fc.integer({ min: -1, max: 300 }).map(String), fc.string({ maxLength: 6 })),
      before: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2026-02-31T10:00:00Z', 'yesterday', '')),
      other: fc.string({ maxLength: 10 }),
    };
    await fc.assert(
      fc.asyncProperty(fc.record(parameter, { requiredKeys: [] }), async (params) => {
        requests++;
        const query = new URLSearchParams(params as Record<string, string>).toString();
        const res = await call(`/api/messages?${query}`, { token: sender });
        expect(res.status, query).toBeLessThan(500);
        if (res.status === 200) {
          const page = (await res.json()) as { messages: unknown[]; next: string | null };
          expect(Array.isArray(page.messages), query).toBe(true);
          return;
        }
        const error = await expectEnvelope(res, query);
        expect(Object.keys(params), `${query} named ${String(error?.field)}`).toContain(error?.field);
      }),
      { numRuns: MUTATED_RUNS * 2, seed: SEED },
    );
    const validQuery = fc.record({
      filter: fc.constantFrom('all', 'opened', 'not_opened', 'clicked', 'machine_only'),
      days: fc.integer({ min: 1, max: 3650 }).map(String),
      q: fc.string({ maxLength: 254 }),
      limit: fc.integer({ min: 1, max: 200 }).map(String),
      before: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(validQuery, async (params) => {
        requests++;
        const query = new URLSearchParams(params).toString();
        const res = await call(`/api/messages?${query}`, { token: sender });
        expect(res.status, `${query}: ${res.status === 200 ? '' : await res.text()}`).toBe(200);
      }),
      { numRuns: VALID_RUNS, seed: SEED },
    );
    expect(requests).toBe(6 * (VALID_RUNS + MUTATED_RUNS) + (MUTATED_RUNS + VALID_RUNS) + 2 * MUTATED_RUNS + VALID_RUNS);
  }, 120_000);
});
