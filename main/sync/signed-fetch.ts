/**
 * One HTTP exchange with central, shared by the terminal client (central-client.ts) and the
 * payer client (payer-client.ts): sign (main/sync/signing.ts), send with a
 * timeout, turn a non-2xx answer into its {error: {code, message}}, validate a 2xx answer with
 * zod. Nothing throws: every outcome is a Result.
 */
import type { z } from 'zod';
import { assert } from '../../common/assert.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { signRequest } from './signing.ts';

export type FetchFailure =
  | { kind: 'network'; message: string }
  | { kind: 'timeout'; message: string }
  /** A non-2xx answer; `code` from its {error: {code, message}} body ('not-enrolled' locally). */
  | { kind: 'http'; status: number; code: string; message: string; retryAfterMs: number | null }
  | { kind: 'invalid-response'; message: string };

export type SignedCall = {
  method: 'GET' | 'POST';
  /** Path and query as sent, e.g. "/v1/facilities?regionCode=77". */
  target: string;
  body?: unknown;
  /** false: no signature headers (enrolment, public tracking). */
  signed: boolean;
  idempotencyKey?: string;
  /** A logged-in payer's token: sent as Payer-Session and covered by the signature. */
  payerSession?: string;
};

export type SignedFetchOptions = {
  baseUrl: string;
  terminalId: string;
  /** Read at each call; null before the kiosk has keys (signed calls answer not-enrolled). */
  privateKeyPem: () => string | null;
  timeoutMs: number;
  nowMs: () => number;
  fetch?: typeof fetch;
};

export type SignedFetch = <S extends z.ZodType>(
  call: SignedCall,
  schema: S,
) => Promise<Result<z.infer<S>, FetchFailure>>;

/** Longest error message kept from an answer: enough to act on, not a whole HTML page. */
const MESSAGE_CHARS_MAX = 300;

function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
}

function isErrorBody(value: unknown): value is { error: { code: string; message: string } } {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string';
}

async function httpFailure(response: Response): Promise<FetchFailure> {
  const text = await response.text().catch(() => '');
  let code = `http-${response.status}`;
  let message = text.slice(0, MESSAGE_CHARS_MAX);
  try {
    const parsed: unknown = JSON.parse(text);
    if (isErrorBody(parsed)) {
      code = parsed.error.code.slice(0, MESSAGE_CHARS_MAX);
      message = parsed.error.message.slice(0, MESSAGE_CHARS_MAX);
    }
  } catch {
    // Not JSON (a proxy's HTML page): keep the status-derived code.
  }
  const retry = retryAfterMs(response.headers.get('retry-after'));
  return { kind: 'http', status: response.status, code, message, retryAfterMs: retry };
}

const unauthorizedLocally = (code: string, message: string): FetchFailure => ({
  kind: 'http',
  status: 401,
  code,
  message,
  retryAfterMs: null,
});

/** The signature headers of a call, or why it cannot be signed. */
function signatureHeaders(
  options: SignedFetchOptions,
  call: SignedCall,
  bodyText: string,
): Result<Record<string, string>, FetchFailure> {
  const privateKeyPem = options.privateKeyPem();
  if (privateKeyPem === null) {
    const why = 'this kiosk has no terminal key yet: enrol first';
    return err(unauthorizedLocally('not-enrolled', why));
  }
  try {
    return ok(
      signRequest({
        method: call.method,
        target: call.target,
        body: bodyText,
        terminalId: options.terminalId,
        privateKeyPem,
        idempotencyKey: call.idempotencyKey ?? null,
        payerSession: call.payerSession ?? null,
        nowMs: options.nowMs(),
      }),
    );
  } catch (error) {
    // A damaged key file is outside input: report it, the operator re-enrols.
    const why = `cannot sign with the terminal key: ${String(error).slice(0, 200)}`;
    return err(unauthorizedLocally('bad-terminal-key', why));
  }
}

function parsedAnswer<S extends z.ZodType>(
  text: string,
  schema: S,
): Result<z.infer<S>, FetchFailure> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err({ kind: 'invalid-response', message: 'the answer is not JSON' });
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  return err({ kind: 'invalid-response', message: `${where}: ${issue?.message ?? '?'}` });
}

export function createSignedFetch(options: SignedFetchOptions): SignedFetch {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  return async (call, schema) => {
    assert(call.signed || call.payerSession === undefined, 'a payer session needs a signature');
    const bodyText = call.body === undefined ? '' : JSON.stringify(call.body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.signed) {
      const signed = signatureHeaders(options, call, bodyText);
      if (!signed.ok) return signed;
      Object.assign(headers, signed.value);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const init: RequestInit = { method: call.method, headers, signal: controller.signal };
      if (call.body !== undefined) init.body = bodyText;
      const response = await doFetch(`${base}${call.target}`, init);
      if (!response.ok) return err(await httpFailure(response));
      return parsedAnswer(await response.text(), schema);
    } catch (error) {
      if (controller.signal.aborted) {
        return err({ kind: 'timeout', message: `no answer within ${options.timeoutMs} ms` });
      }
      const message = error instanceof Error ? error.message : String(error);
      return err({ kind: 'network', message });
    } finally {
      clearTimeout(timer);
    }
  };
}
