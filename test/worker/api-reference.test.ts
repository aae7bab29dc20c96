import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../worker/api-reference/routes.ts';
import { app } from '../../worker/app.ts';
import { call } from './helpers.ts';

/** The routes the app answers, without the middleware mounted for every method. */
const appRoutes = [...new Set(app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path}`))].sort();
const documented = ROUTES.map((route) => `${route.method} ${route.route}`).sort();

describe('the API reference', () => {
  it('describes every route of the app (add a new route to worker/api-reference/routes.ts)', () => {
    expect(appRoutes.filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('describes no route the app does not have', () => {
    expect(documented.filter((route) => !appRoutes.includes(route))).toEqual([]);
  });

  it('is served without a token as OpenAPI 3.1, with the request schemas the routes validate with', async () => {
    const res = await call('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[]; properties?: Record<string, { items?: { properties?: Record<string, unknown> } }> } }> }; parameters: { name: string; in: string }[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const registration = doc.paths['/api/messages']!.post!.requestBody!.content['application/json']!.schema;
    expect(registration.required).toEqual(expect.arrayContaining(['id', 'from', 'subject', 'to', 'massMail', 'tracked', 'links', 'sentAt']));
    expect(Object.keys(registration.properties!.links!.items!.properties!)).toEqual(['index', 'url']);
    expect(doc.paths['/api/messages']!.get!.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['query:filter', 'query:days', 'query:q', 'query:limit', 'query:before']));
    expect(doc.paths['/c/{messageId}/{linkIndex}/{signature}/{destination}']!.get!.parameters.map((p) => p.name)).toEqual(['messageId', 'linkIndex', 'signature', 'destination']);
    // Every path parameter of a path is described.
    for (const [path, operations] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name), `${method} ${path}`).toEqual(names);
      }
    }
  });
});
