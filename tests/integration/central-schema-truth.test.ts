/**
 * Schema truth: every operation of central/openapi.yaml is sent requests derived from its own
 * schemas — a valid one, one with an unknown field, one with a required field missing, one
 * with a wrong type — with the credentials its security asks for (a terminal signature, a
 * payer's bearer session, the admin token, or none), and also with none at all. Every answer
 * must have a status the operation declares, a body matching the declared schema, and no 5xx.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createContractChecker } from '../../central/contract-check.ts';
import { loadOpenApi, OPENAPI_PATH, type JsonSchema } from '../../central/openapi.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  TEST_ADMIN_TOKEN,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { kioskFetch, webFetch } from './payer-web-helpers.ts';
import { enrolRegistry, type RegistryClient } from '../support/registry-client.ts';

const checkContract = createContractChecker();
let server: TestCentral;
let kiosk: EnrolledTerminal;
let webSession = '';
let consoleSession = '';
let registry: RegistryClient;

/** Values that make a schema-valid request also meaningful (a known facility, inmate…). */
const KNOWN: Record<string, () => unknown> = {
  facilityId: () => '77-sizo-1',
  inmateRef: () => 'idemo000000000001',
  transferId: () => uuidV7(),
  topUpId: () => uuidV7(),
  letterId: () => uuidV7(),
  collectionId: () => uuidV7(),
  regionCode: () => '77',
  phone: () => '+79105550177',
  terminalId: () => 'kiosk-truth',
  file: () => 'manifest.webmanifest',
};

function sample(schema: JsonSchema, name = ''): unknown {
  const known = KNOWN[name];
  if (known !== undefined) return known();
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives !== undefined) {
    const { anyOf: _any, oneOf: _one, ...base } = schema;
    const first = alternatives[0]!;
    // Alternatives that only constrain an object (`required: [a]` or `[b]`) join its base.
    if (base.type === undefined && base.properties === undefined) return sample(first, name);
    const required = [
      ...((base.required ?? []) as string[]),
      ...((first.required ?? []) as string[]),
    ];
    return sample({ ...base, ...first, required }, name);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== 'null') ?? 'null';
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.map((key) => [key, sample(properties[key] ?? {}, key)]));
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () =>
        sample((schema.items ?? {}) as JsonSchema),
      );
    case 'integer':
    case 'number':
      return Math.max(Number(schema.minimum ?? 0), Math.min(1, Number(schema.maximum ?? 1)));
    case 'boolean':
      return false;
    case 'string': {
      if (typeof schema.pattern === 'string') {
        return fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { seed: 7, numRuns: 1 })[0];
      }
      const length = Math.max(Number(schema.minLength ?? 1), 8);
      return 'Проверка1'.padEnd(length, 'x').slice(0, Number(schema.maxLength ?? length));
    }
    default:
      return null;
  }
}

type Operation = ReturnType<typeof loadOpenApi>[number] & { security: string[] };

function operations(): Operation[] {
  const document = parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
  };
  return loadOpenApi().map((operation) => {
    const raw = document.paths[operation.path]?.[operation.method.toLowerCase()];
    const security = (raw?.security ?? [{}]).map((entry) => Object.keys(entry)[0] ?? 'none');
    return { ...operation, security };
  });
}

function targetOf(operation: Operation): string {
  const params = (operation.schemas.params?.properties ?? {}) as Record<string, JsonSchema>;
  return operation.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_all, name: string) =>
    encodeURIComponent(String(sample(params[name] ?? { type: 'string' }, name))),
  );
}

/** Bodies to try: valid, an unknown field, a required field missing, a wrong type. */
function bodiesOf(operation: Operation): Array<unknown> {
  const schema = operation.schemas.body;
  if (schema === undefined) return [undefined];
  const valid = sample(schema) as Record<string, unknown>;
  const required = (schema.required ?? []) as string[];
  const bodies: unknown[] = [valid, { ...valid, zzUnknown: 1 }];
  if (required.length > 0) {
    const { [required[0]!]: _dropped, ...missing } = valid;
    bodies.push(missing, { ...valid, [required[0]!]: [true] });
  }
  return bodies;
}

type Sender = 'declared' | 'anonymous';

/** The security schemes send() presents credentials for. */
/** Credentials this test holds: every scheme central declares but the payment provider's. */
const CALLABLE = new Set([
  'none',
  'terminalSignature',
  'adminToken',
  'payerBearer',
  'registrySignature',
  'consoleSession',
  'consoleBearer',
]);

async function send(operation: Operation, body: unknown, sender: Sender): Promise<Response> {
  const method = operation.method as 'GET' | 'POST';
  const target = targetOf(operation);
  const key = (body as { transferId?: string; topUpId?: string } | undefined)?.transferId;
  const options = { body, ...(key === undefined ? {} : { key }) };
  if (sender === 'anonymous') return webFetch(server.central.url, method, target, options);
  const scheme = operation.security[0];
  if (scheme === 'terminalSignature' && operation.security.includes('payerBearer')) {
    return webFetch(server.central.url, method, target, { ...options, session: webSession });
  }
  if (scheme === 'terminalSignature')
    return kioskFetch(server.central.url, kiosk, method, target, options);
  if (scheme === 'registrySignature') return registry.post(JSON.stringify(body ?? {}));
  if (scheme === 'consoleSession' || scheme === 'consoleBearer') {
    return webFetch(server.central.url, method, target, {
      ...options,
      headers: { authorization: `Bearer ${consoleSession}` },
    });
  }
  if (scheme === 'adminToken') {
    return webFetch(server.central.url, method, target, {
      ...options,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
  }
  return webFetch(server.central.url, method, target, options);
}

beforeAll(async () => {
  server = await startTestCentral({
    payerWebAuthRateLimit: { burst: 1_000, refillPerMinute: 1_000 },
    payerAuthRateLimit: { burst: 1_000, refillPerMinute: 1_000 },
    searchRateLimit: { burst: 1_000, refillPerMinute: 1_000 },
  });
  kiosk = await server.enrolTerminal('kiosk-truth-1');
  registry = await enrolRegistry(server.central.url, TEST_ADMIN_TOKEN, 'registry-truth', ['*']);
  const phone = '+79105550188';
  await webFetch(server.central.url, 'POST', '/v1/payer/sms-codes', {
    body: { phone, purpose: 'register' },
  });
  const sms = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await sms.json()) as { messages: { text: string }[] };
  const code = /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
  const registered = await webFetch(server.central.url, 'POST', '/v1/payer/register', {
    body: { phone, code, password: 'Летний сад 2026', displayName: 'Проверка' },
  });
  webSession = ((await registered.json()) as { sessionToken: string }).sessionToken;
  const consoleLogin = { login: 'truth-admin', password: 'Летний сад 2026' };
  await server.admin('POST', '/v1/admin/console-users', {
    ...consoleLogin,
    displayName: 'Проверка',
  });
  const loggedIn = await webFetch(server.central.url, 'POST', '/v1/console/login', {
    body: consoleLogin,
  });
  consoleSession = ((await loggedIn.json()) as { sessionToken: string }).sessionToken;
});

afterAll(async () => {
  await server.stop();
});

describe('every answer is one the contract declares', () => {
  it('the two answers once undeclared are declared', async () => {
    const issued = await server.admin('POST', '/v1/admin/enrolment-codes', { terminalId: 'ё' });
    expect(issued.status).toBe(400);
    expect(checkContract('POST', '/v1/admin/enrolment-codes', 400, await issued.json())).toBeNull();
    const returned = await server.admin('POST', `/v1/admin/transfers/${uuidV7()}/return`, {});
    expect(returned.status).toBe(400);
    const path = '/v1/admin/transfers/{transferId}/return';
    expect(checkContract('POST', path, 400, await returned.json())).toBeNull();
  });

  it('valid and invalid requests to every operation, with and without credentials', async () => {
    const problems: string[] = [];
    const accepted = new Set<string>();
    // Logging out and dropping templates last, so the session lives through the rest.
    const all = operations().sort(
      (a, b) => Number(a.path.includes('logout')) - Number(b.path.includes('logout')),
    );
    expect(all.length).toBeGreaterThan(40);
    for (const operation of all) {
      for (const body of bodiesOf(operation)) {
        for (const sender of ['declared', 'anonymous'] as const) {
          const response = await send(operation, body, sender);
          const what = `${sender} ${operation.method} ${operation.path} ${JSON.stringify(body)}`;
          // A live event stream never ends: its status and headers are the answer.
          const streaming = response.headers.get('content-type')?.includes('event-stream');
          const text = streaming
            ? await response.body?.cancel().then(() => '')
            : await response.text();
          if (response.status >= 500) problems.push(`${what}: ${response.status}`);
          // Past validation and credentials: done, or refused by the state of the world (no
          // such transfer, already credited) — the derived request itself was a valid one.
          if (
            sender === 'declared' &&
            [200, 201, 202, 204, 302, 404, 409].includes(response.status)
          )
            accepted.add(`${operation.method} ${operation.path}`);
          const isJson = response.headers.get('content-type')?.includes('json') ?? false;
          const parsed: unknown = isJson ? JSON.parse(text ?? '') : text;
          const verdict = isJson
            ? checkContract(operation.method, operation.path, response.status, parsed)
            : String(response.status) in operation.responses
              ? null
              : `status ${response.status} not declared`;
          if (verdict !== null) problems.push(`${what}: ${verdict}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The derived valid requests really are valid: most operations this test can call as
    // their users would (a kiosk, a registry, a payer, a console user, the admin) took one past
    // validation and credentials (79 of 114 when written; the rest need a code, a password or
    // a resource the samples cannot know).
    const callable = all.filter((operation) => CALLABLE.has(operation.security[0] ?? 'none'));
    const refusedAll = callable
      .map((operation) => `${operation.method} ${operation.path}`)
      .filter((name) => !accepted.has(name));
    expect(accepted.size, refusedAll.join('\n')).toBeGreaterThan(callable.length * 0.6);
  });
});
