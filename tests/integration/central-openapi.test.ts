/**
 * The server and central/openapi.yaml describe the same API: every route the server
 * registers is in the document with the same method and path, and every documented
 * operation is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi, toOpenApiPath } from '../../central/openapi.ts';
import { startTestCentral, type TestCentral } from '../support/central-harness.ts';

let server: TestCentral;

beforeAll(async () => {
  server = await startTestCentral({ demo: false });
});

afterAll(async () => {
  await server.stop();
});

describe('openapi.yaml ↔ server routes', () => {
  it('the same set of (method, path) both ways', () => {
    const served = server.central.routes.map(
      (route) => `${route.method} ${toOpenApiPath(route.url)}`,
    );
    const documented = loadOpenApi().map((operation) => `${operation.method} ${operation.path}`);
    expect(served.length).toBeGreaterThan(10);
    expect([...served].sort()).toEqual([...documented].sort());
    expect(new Set(served).size).toBe(served.length);
  });

  it('every operation documents a success answer and every request body has a schema', () => {
    for (const operation of loadOpenApi()) {
      const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
      expect(success.length, `${operation.method} ${operation.path}`).toBeGreaterThan(0);
      if (operation.method === 'POST' && operation.schemas.body !== undefined) {
        expect(operation.schemas.body.type, operation.path).toBe('object');
      }
    }
  });

  it('request bodies are closed: unknown fields are refused, not silently dropped', () => {
    for (const operation of loadOpenApi()) {
      const body = operation.schemas.body;
      if (body !== undefined) expect(body.additionalProperties, operation.path).toBe(false);
    }
  });
});
