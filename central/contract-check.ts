/**
 * Checks an HTTP answer against the response schema openapi.yaml declares for it, so tests
 * prove the server keeps the contract in both directions (requests are checked by fastify).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { loadOpenApi, type OpenApiOperation } from './openapi.ts';

export type ContractChecker = (
  method: string,
  path: string,
  status: number,
  body: unknown,
) => string | null;

export function createContractChecker(
  operations: OpenApiOperation[] = loadOpenApi(),
): ContractChecker {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false });
  const compiled = new Map<string, ValidateFunction | null>();
  return (method, path, status, body) => {
    const operation = operations.find((op) => op.method === method && op.path === path);
    if (operation === undefined) return `${method} ${path} is not in openapi.yaml`;
    const key = `${method} ${path} ${status}`;
    if (!(String(status) in operation.responses)) {
      return `${method} ${path} does not declare status ${status}`;
    }
    let validate = compiled.get(key);
    if (validate === undefined) {
      const schema = operation.responses[String(status)];
      validate = schema === null || schema === undefined ? null : ajv.compile(schema);
      compiled.set(key, validate);
    }
    if (validate === null || validate(body)) return null;
    return `${key}: ${ajv.errorsText(validate.errors)}`;
  };
}
