import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { WalletTopUpCreateSchema, wireComponents } from '../common/central-wire.ts';
import { consoleTransferWireComponents } from '../common/console-wire-transfers.ts';
import { loadOpenApi, OPENAPI_PATH, resolveRefs } from './openapi.ts';

/**
 * common/central-wire.ts (the TypeScript both sides use) and openapi.yaml (what fastify
 * validates and what outside clients read) describe one wire. Each schema is reduced to a
 * comparable shape — fields, required set, types, enums, bounds, patterns — on both sides.
 */
type Schema = Record<string, unknown>;

const constraintKeys = [
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
] as const;

/** ±2^53−1 is what zod writes for any safe integer; openapi.yaml writes it for kopecks. */
const unbounded = Number.MAX_SAFE_INTEGER;

function shapeOf(schema: Schema): unknown {
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives !== undefined) return unionOf(alternatives.map(shapeOf));
  const allOf = schema.allOf as Schema[] | undefined;
  if (allOf !== undefined && allOf.length === 1) return shapeOf(allOf[0]!);
  if (Array.isArray(schema.type)) {
    return unionOf(schema.type.map((type: string) => shapeOf({ ...schema, type })));
  }
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties as Record<string, Schema> | undefined;
      if (properties === undefined) return { object: 'any keys' };
      return {
        object: Object.fromEntries(
          Object.keys(properties)
            .sort()
            .map((key) => [key, shapeOf(properties[key]!)]),
        ),
        required: [...((schema.required as string[] | undefined) ?? [])].sort(),
      };
    }
    case 'array':
      return { array: shapeOf(schema.items as Schema), ...constraintsOf(schema) };
    case 'null':
      return 'null';
    default: {
      const values = schema.enum as string[] | undefined;
      return {
        type: schema.type,
        ...(values === undefined ? {} : { enum: [...values].sort() }),
        ...constraintsOf(schema),
      };
    }
  }
}

function constraintsOf(schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of constraintKeys) {
    const value = schema[key];
    if (value === undefined || value === unbounded || value === -unbounded) continue;
    out[key] = value;
  }
  return out;
}

function unionOf(shapes: unknown[]): unknown {
  const unique = [...new Set(shapes.map((shape) => JSON.stringify(shape)))].sort();
  return unique.length === 1 ? JSON.parse(unique[0]!) : { anyOf: unique.map((s) => JSON.parse(s)) };
}

const zodShape = (schema: z.ZodType) => shapeOf(z.toJSONSchema(schema, { io: 'input' }) as Schema);

const document = parse(readFileSync(OPENAPI_PATH, 'utf8')) as Schema;
const resolved = resolveRefs(document, document) as {
  components: { schemas: Record<string, Schema> };
};

describe('common/central-wire.ts agrees with central/openapi.yaml', () => {
  for (const [name, schema] of Object.entries({
    ...wireComponents,
    ...consoleTransferWireComponents,
  })) {
    it(`components.schemas.${name}`, () => {
      const fromYaml = resolved.components.schemas[name];
      expect(fromYaml, `${name} is not in openapi.yaml`).toBeDefined();
      expect(zodShape(schema)).toEqual(shapeOf(fromYaml!));
    });
  }

  it('POST /v1/terminal/wallet-top-ups request body', () => {
    const operation = loadOpenApi().find(
      (op) => op.method === 'POST' && op.path === '/v1/terminal/wallet-top-ups',
    );
    expect(zodShape(WalletTopUpCreateSchema)).toEqual(shapeOf(operation!.schemas.body!));
  });

  it('notices a difference (a field renamed on one side only)', () => {
    const renamed = wireComponents.TransferCreate.omit({ amountKopecks: true }).extend({
      creditedKopecks: z.number().int().min(0),
    });
    expect(zodShape(renamed)).not.toEqual(shapeOf(resolved.components.schemas.TransferCreate!));
  });
});
