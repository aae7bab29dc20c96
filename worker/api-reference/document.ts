import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { ROUTES, type Access, type RouteDoc } from './routes.ts';

/**
 * The OpenAPI 3.1 document of ROUTES. Request schemas are converted from the valibot schemas the
 * routes validate with; checks JSON Schema cannot say (a link index appearing once, a link free
 * of control characters) are left to the route, which answers them with a 400 naming the field.
 */

const ERROR_ENVELOPE = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'e.g. invalid_request, malformed_json, malformed_body, unsupported_media_type, unauthorized, forbidden, not_found, id_taken, rate_limited, too_large.' },
        message: { type: 'string', description: 'A sentence for a person.' },
        field: { type: 'string', description: 'The offending field, as a path: `to.1`, `links.0.url`.' },
      },
    },
  },
} as const;

const ACCESS_WORDS: Record<Access, string> = {
  public: 'No login.',
  sender: 'A sender\'s API token.',
  admin: 'An admin\'s API token.',
  ticket: 'A single-use ticket in `?ticket=`.',
};

function jsonSchema(schema: v.GenericSchema): JsonSchema {
  const { $schema: _, ...rest } = toJsonSchema(schema, { target: 'draft-2020-12', typeMode: 'input', errorMode: 'ignore' });
  return rest;
}

function openApiPath(route: RouteDoc): string {
  return route.path ?? route.route.replace(/:(\w+)/g, '{$1}');
}

function queryParameters(query: NonNullable<RouteDoc['query']>) {
  const schema = jsonSchema(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property,
  }));
}

function operation(route: RouteDoc) {
  const errorStatuses = route.access === 'public' ? [] : [400, 401, 415, 429];
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(route.responses)) responses[status] = { description };
  for (const status of errorStatuses) {
    responses[status] ??= { description: 'The error envelope.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  if (route.access === 'sender' || route.access === 'admin') responses[429] = { ...(responses[429] as object), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } } };
  if (route.access === 'admin') responses[403] ??= { description: 'Not an admin.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const pathParameters = Object.entries(route.parameters ?? {}).map(([name, description]) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } }));
  return {
    summary: route.summary,
    description: [route.description, ACCESS_WORDS[route.access]].filter(Boolean).join(' '),
    operationId: `${route.method.toLowerCase()} ${openApiPath(route)}`,
    ...(route.access === 'sender' || route.access === 'admin' ? { security: [{ bearer: [] }] } : { security: [] }),
    parameters: [...pathParameters, ...(route.query ? queryParameters(route.query) : [])],
    ...(route.body && {
      requestBody: {
        required: true,
        content: { [route.body.mediaType]: 'schema' in route.body ? { schema: jsonSchema(route.body.schema) } : { schema: { type: 'string', description: route.body.description } } },
      },
    }),
    responses,
  };
}

export function apiReference(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) (paths[openApiPath(route)] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Smart Links tracker Worker',
      version: '1',
      description:
        'The Worker behind the extension: the recipient-facing pixel, tracked links and Smart Link pages (no login), and the sender\'s API ' +
        '(`Authorization: Bearer <token>`, JSON; CORS for extension origins only). Every API error is `{ error: { code, message, field? } }` with a 4xx status.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: ERROR_ENVELOPE },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `npm run token` or `POST /api/accounts`.' } },
    },
  };
}
