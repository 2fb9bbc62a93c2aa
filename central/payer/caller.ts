/**
 * The two channels of the payer routes (auth 'payer' in central/http.ts), seen from a handler:
 * - a kiosk: terminal-signed, the payer's token in the signed Payer-Session header, the
 *   session bound to that terminal, attempts limited per terminal;
 * - a payer's own app (web, mobile): unsigned, the token as `Authorization: Bearer`, the
 *   session bound to the channel WEB_CHANNEL, attempts limited per client IP.
 * A token opened on one channel is refused on the other (accounts.ts authenticate()).
 */
import type { FastifyRequest } from 'fastify';
import type { Result } from '../../common/result.ts';
import type { CentralDb } from '../db.ts';
import { ApiFailure, type ApiError, apiError } from '../errors.ts';
import { type Caller, callerOf } from '../http.ts';
import type { PayerAccounts, PayerCaller } from './accounts.ts';
import type { RateLimiter } from '../rate-limit.ts';

/**
 * What web sessions, and the transfers, letters and support messages made through them, carry
 * where a kiosk's carry its terminal id. '@' keeps it outside TERMINAL_ID_PATTERN: no kiosk can
 * enrol under this name, so a kiosk session and a web session can never share a binding.
 */
export const WEB_CHANNEL = '@web';

/**
 * transfers.terminal_id references terminals(id): the web channel needs a row there. It has no
 * public key, so no request can ever verify as this "terminal".
 */
export async function ensureWebChannel(db: CentralDb, nowMs: number): Promise<void> {
  await db.run(
    `INSERT INTO terminals (id, public_key_pem, enrolled_at_ms, facility_ids, created_at_ms)
       VALUES (?, NULL, NULL, '[]', ?) ON CONFLICT (id) DO NOTHING`,
    WEB_CHANNEL,
    nowMs,
  );
}

/** The session binding and the recorded origin of what this caller creates. */
export function channelOf(caller: Caller): string {
  return caller.kind === 'terminal' ? caller.terminalId : WEB_CHANNEL;
}

/** The payer's token as this channel sends it; the other channel's header is not looked at. */
export function sessionTokenOf(request: FastifyRequest, caller: Caller): string | undefined {
  if (caller.kind === 'terminal') {
    const header = request.headers['payer-session'];
    return typeof header === 'string' ? header : undefined;
  }
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

export function unwrap<T>(result: Result<T, ApiError & { retryAfterMs?: number }>): T {
  if (result.ok) return result.value;
  const { retryAfterMs } = result.error;
  const headers: Record<string, string> =
    retryAfterMs === undefined
      ? {}
      : { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
  throw new ApiFailure(result.error, headers);
}

export type PayerGate = {
  /** One login/registration/code attempt: 429 rate-limited when this caller has none left. */
  throttle(request: FastifyRequest): Promise<void>;
  /** The logged-in payer of this request (401 payer-session-invalid otherwise). */
  session(request: FastifyRequest): Promise<{ accountId: string; token: string }>;
  /** Where this request came from: the terminal id, or WEB_CHANNEL. */
  channel(request: FastifyRequest): string;
  /** The channel, and the client the wrong-secret throttle counts: the terminal or the IP. */
  caller(request: FastifyRequest): PayerCaller;
};

/** The key of the wrong-secret throttle (payer/attempts.ts) for this caller. */
export function clientOf(caller: Caller): string {
  return caller.kind === 'terminal' ? `terminal:${caller.terminalId}` : `ip:${caller.ip}`;
}

export type PayerGateDeps = {
  accounts: Pick<PayerAccounts, 'authenticate'>;
  /** Per terminal; keys are prefixed with `name`, so each route group has its own budget. */
  terminalLimiter: RateLimiter;
  /** Per client IP, shared by every route group: one budget for all unsigned attempts. */
  webLimiter: RateLimiter;
  name: string;
  now: () => number;
};

export function createPayerGate(deps: PayerGateDeps): PayerGate {
  return {
    async throttle(request) {
      const caller = callerOf(request);
      const taken =
        caller.kind === 'terminal'
          ? await deps.terminalLimiter.take(`${deps.name}:${caller.terminalId}`, deps.now())
          : await deps.webLimiter.take(`payer-web-ip:${caller.ip}`, deps.now());
      if (!taken.ok) {
        const limited = apiError(429, 'rate-limited', 'too many attempts');
        unwrap({ ok: false, error: { ...limited, retryAfterMs: taken.retryAfterMs } });
      }
    },
    async session(request) {
      const caller = callerOf(request);
      const token = sessionTokenOf(request, caller);
      const accountId = unwrap(
        await deps.accounts.authenticate(token, channelOf(caller), deps.now()),
      );
      return { accountId, token: token ?? '' };
    },
    channel: (request) => channelOf(callerOf(request)),
    caller(request) {
      const caller = callerOf(request);
      return { channel: channelOf(caller), client: clientOf(caller) };
    },
  };
}
