import { type ZodType, z } from 'zod';
import type { RouteSpec } from './define-route.js';

export type OpenApiDocument = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of the declared routes: paths, parameters and bodies from their zod
 * schemas, and per operation the access it needs (`x-vigil-access`).
 */
export function openApiDocument(specs: readonly RouteSpec[], version: string): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    if (spec.url.includes('*')) continue;
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')];
    const operation: Record<string, unknown> = {
      summary: spec.summary,
      tags: [spec.tag],
      'x-vigil-access': spec.access,
      security: spec.access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
      parameters,
      responses: {
        '200': {
          description: 'OK',
          content: {
            [spec.produces ?? 'application/json']: spec.response
              ? { schema: jsonSchema(spec.response, 'output') }
              : {},
          },
        },
        ...(spec.access === 'public'
          ? {}
          : {
              '401': { description: 'not signed in' },
              '403': { description: 'the role lacks the permission, or the CSRF token is missing' },
            }),
        ...(spec.body || spec.params || spec.query
          ? { '400': { description: 'the request does not match the schema; the message names the field' } }
          : {}),
      },
    };
    if (spec.body)
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
      };
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version,
      description:
        'Every route needs a signed-in session (cookie, with X-CSRF-Token on changes) or an API token (Authorization: Bearer), and the permission in x-vigil-access.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vigil_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}

function jsonSchema(schema: ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

function parametersOf(schema: ZodType | undefined, location: 'path' | 'query') {
  if (schema === undefined) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
