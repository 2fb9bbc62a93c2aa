/**
 * central/openapi.yaml is the contract: the server takes every route's request schemas from it
 * (fastify validates with them), and refuses to register a route the document does not have.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { assert } from '../common/assert.ts';

export const OPENAPI_PATH = join(import.meta.dirname, 'openapi.yaml');

export type JsonSchema = Record<string, unknown>;

export type RouteSchemas = {
  body?: JsonSchema;
  querystring?: JsonSchema;
  params?: JsonSchema;
  headers?: JsonSchema;
};

export type OpenApiOperation = {
  method: string;
  /** OpenAPI form: /v1/transfers/{transferId} */
  path: string;
  schemas: RouteSchemas;
  responses: Record<string, JsonSchema | null>;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const REF_DEPTH_MAX = 32;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Inlines every local `$ref` ("#/components/…"); the document has no recursive schemas. */
export function resolveRefs(node: unknown, root: Record<string, unknown>, depth = 0): unknown {
  assert(depth <= REF_DEPTH_MAX, 'openapi: $ref nesting too deep (recursive schema?)');
  if (Array.isArray(node)) return node.map((item) => resolveRefs(item, root, depth + 1));
  if (!isObject(node)) return node;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    assert(ref.startsWith('#/'), `openapi: only local refs are supported: ${ref}`);
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      assert(isObject(target) && part in target, `openapi: dangling $ref ${ref}`);
      target = target[part];
    }
    return resolveRefs(target, root, depth + 1);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = resolveRefs(value, root, depth + 1);
  return out;
}

type Parameter = { name: string; in: string; required?: boolean; schema: JsonSchema };

function parameterSchema(parameters: Parameter[], where: string): JsonSchema | undefined {
  const chosen = parameters.filter((parameter) => parameter.in === where);
  if (chosen.length === 0) return undefined;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const parameter of chosen) {
    // Fastify lower-cases header names before validating them.
    const name = where === 'header' ? parameter.name.toLowerCase() : parameter.name;
    properties[name] = parameter.schema;
    if (parameter.required === true) required.push(name);
  }
  // Headers carry much more than the documented ones; queries and params do not.
  const additionalProperties = where === 'header';
  return { type: 'object', properties, required, additionalProperties };
}

function operationOf(method: string, path: string, raw: Record<string, unknown>): OpenApiOperation {
  const parameters = (Array.isArray(raw.parameters) ? raw.parameters : []) as Parameter[];
  const schemas: RouteSchemas = {};
  const body = raw.requestBody;
  if (isObject(body)) {
    const content = body.content as Record<string, { schema: JsonSchema }>;
    const json = content['application/json'];
    assert(json !== undefined, `openapi: ${method} ${path}: only application/json bodies`);
    schemas.body = json.schema;
  }
  const querystring = parameterSchema(parameters, 'query');
  if (querystring !== undefined) schemas.querystring = querystring;
  const params = parameterSchema(parameters, 'path');
  if (params !== undefined) schemas.params = params;
  const headers = parameterSchema(parameters, 'header');
  if (headers !== undefined) schemas.headers = headers;
  const responses: Record<string, JsonSchema | null> = {};
  for (const [status, response] of Object.entries(isObject(raw.responses) ? raw.responses : {})) {
    const content = isObject(response) ? response.content : undefined;
    const json = isObject(content) ? content['application/json'] : undefined;
    responses[status] = isObject(json) && isObject(json.schema) ? json.schema : null;
  }
  return { method: method.toUpperCase(), path, schemas, responses };
}

/** Every operation of the document, with all `$ref`s inlined. */
export function loadOpenApi(file = OPENAPI_PATH): OpenApiOperation[] {
  const document = parse(readFileSync(file, 'utf8')) as unknown;
  assert(isObject(document) && isObject(document.paths), 'openapi: no paths');
  const resolved = resolveRefs(document, document) as { paths: Record<string, unknown> };
  const operations: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(resolved.paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const raw = item[method];
      if (isObject(raw)) operations.push(operationOf(method, path, raw));
    }
  }
  return operations;
}

/** "/v1/transfers/{transferId}" → "/v1/transfers/:transferId" (fastify's form). */
export function toFastifyPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

export function toOpenApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
