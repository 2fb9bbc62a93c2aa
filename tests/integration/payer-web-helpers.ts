/**
 * Requests to central's payer routes over real HTTP, on both channels: a kiosk's (signed, the
 * payer's token in the signed Payer-Session header) and a payer's own app's (unsigned, the
 * token as a bearer). Shared by the payer-web-*, central-payer and accounts-central tests.
 */
import type { EnrolledTerminal } from '../support/central-harness.ts';
import { signRequest } from '../../main/sync/signing.ts';

export type PayerRequest = {
  body?: unknown;
  /** The payer's session token: Payer-Session (kiosk) or Authorization: Bearer (web). */
  session?: string;
  /** Idempotency-Key. */
  key?: string;
  /** Signature clock (default Date.now). */
  nowMs?: number;
  /** Extra headers sent as they are, after signing (to tamper with one). */
  headers?: Record<string, string>;
};

function init(method: 'GET' | 'POST', headers: Record<string, string>, body: string | null) {
  const request: RequestInit = { method, headers };
  if (body !== null) {
    request.headers = { ...headers, 'content-type': 'application/json' };
    request.body = body;
  }
  return request;
}

/** A kiosk's request: signed, with the payer's token inside the signature. */
export function kioskFetch(
  baseUrl: string,
  terminal: EnrolledTerminal,
  method: 'GET' | 'POST',
  target: string,
  options: PayerRequest = {},
): Promise<Response> {
  const bodyText = options.body === undefined ? '' : JSON.stringify(options.body);
  const signed = signRequest({
    method,
    target,
    body: bodyText,
    terminalId: terminal.terminalId,
    privateKeyPem: terminal.keys.privateKeyPem,
    idempotencyKey: options.key ?? null,
    payerSession: options.session ?? null,
    nowMs: options.nowMs ?? Date.now(),
  });
  const headers = { ...signed, ...options.headers };
  return fetch(`${baseUrl}${target}`, init(method, headers, method === 'POST' ? bodyText : null));
}

/** A payer's own app (web, mobile): no signature, the token as a bearer. */
export function webFetch(
  baseUrl: string,
  method: 'GET' | 'POST',
  target: string,
  options: PayerRequest = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.session !== undefined) headers.authorization = `Bearer ${options.session}`;
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  Object.assign(headers, options.headers);
  const bodyText = options.body === undefined ? null : JSON.stringify(options.body);
  return fetch(`${baseUrl}${target}`, init(method, headers, bodyText));
}
