/**
 * What a failed account call means to the payer: central's error codes pass through as the
 * IPC error kind (the renderer's message catalogue knows them); transport trouble is one kind.
 */
import type { IpcError } from '../../common/contract.ts';
import { err, type Result } from '../../common/result.ts';
import type { PayerCallError } from '../sync/payer-client.ts';

export type Refusal = Result<never, IpcError>;

export const refuse = (kind: string, message: string): Refusal => err({ kind, message });

/** Codes central answers that the screens explain; anything else is "try later". */
const PASSED_THROUGH = new Set([
  'invalid-credentials',
  'account-locked',
  'phone-registered',
  'bad-phone',
  'sms-code-invalid',
  'sms-too-soon',
  'sms-limit',
  'rate-limited',
  'insufficient-funds',
  'unknown-recipient',
  'too-many-templates',
  'template-not-found',
  'transfer-not-found',
  'payer-session-invalid',
]);

export function describeFailure(error: PayerCallError): Refusal {
  if (error.kind !== 'http') return refuse('central-unavailable', 'The server does not answer.');
  const wait =
    error.retryAfterMs === null ? '' : ` Retry in ${Math.ceil(error.retryAfterMs / 1000)} s.`;
  if (PASSED_THROUGH.has(error.code) || error.code.startsWith('weak-password:')) {
    const kind = error.code === 'payer-session-invalid' ? 'not-logged-in' : error.code;
    return refuse(kind, `${error.message}.${wait}`.slice(0, 300));
  }
  if (error.status === 404) return refuse('not-found', 'Not found.');
  return refuse('central-refused', `Refused: ${error.code}.`);
}
