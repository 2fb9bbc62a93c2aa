/**
 * Payer-account routes. Only kiosks call them (terminal-signed); a logged-in payer's calls
 * also carry the `Payer-Session` token, which is valid only on the terminal that opened it.
 */
import type { FastifyRequest } from 'fastify';
import type { Result } from '../../common/result.ts';
import { ApiFailure, type ApiError, apiError } from '../errors.ts';
import { type RouteContext, route, sendStored, terminalOf } from '../http.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { PayerAccounts, Session } from './accounts.ts';
import type { PayerContent } from './content.ts';
import type { DevSmsGateway } from './sms.ts';
import type { LetterInput, Wallet, WalletPayment } from './wallet.ts';

export type PayerServices = {
  accounts: PayerAccounts;
  content: PayerContent;
  wallet: Wallet;
  sms: DevSmsGateway;
  /** Login/registration attempts per terminal, on top of the per-account lockout. */
  authLimiter: RateLimiter;
};

function unwrap<T>(result: Result<T, ApiError & { retryAfterMs?: number }>): T {
  if (result.ok) return result.value;
  const { retryAfterMs } = result.error;
  const headers: Record<string, string> =
    retryAfterMs === undefined
      ? {}
      : { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
  throw new ApiFailure(result.error, headers);
}

function requireKey(request: FastifyRequest, id: string): void {
  const header = request.headers['idempotency-key'];
  if (typeof header !== 'string' || header.toLowerCase() !== id.toLowerCase()) {
    throw new ApiFailure(
      apiError(400, 'idempotency-key-mismatch', 'Idempotency-Key must equal the id in the body'),
    );
  }
}

export function registerPayerRoutes(context: RouteContext, services: PayerServices): void {
  const { accounts, content, wallet } = services;
  const now = context.nowMs;
  const throttle = (request: FastifyRequest): void => {
    const taken = services.authLimiter.take(`payer-auth:${terminalOf(request)}`, now());
    if (!taken.ok) {
      unwrap({
        ok: false,
        error: {
          ...apiError(429, 'rate-limited', 'too many attempts'),
          retryAfterMs: taken.retryAfterMs,
        },
      });
    }
  };
  const payer = (request: FastifyRequest): string => {
    const token = request.headers['payer-session'];
    return unwrap(
      accounts.authenticate(
        typeof token === 'string' ? token : undefined,
        terminalOf(request),
        now(),
      ),
    );
  };
  const sessionReply = (session: Session) => session;

  route(context, 'POST', '/v1/payer/sms-codes', 'terminal', async (request, reply) => {
    throttle(request);
    const { phone, purpose } = request.body as { phone: string; purpose: 'register' | 'reset' };
    return reply.code(202).send(unwrap(await accounts.requestCode(phone, purpose, now())));
  });

  route(context, 'POST', '/v1/payer/register', 'terminal', async (request, reply) => {
    throttle(request);
    const input = request.body as {
      phone: string;
      code: string;
      password: string;
      displayName: string;
    };
    return reply
      .code(201)
      .send(sessionReply(unwrap(await accounts.register(input, terminalOf(request), now()))));
  });

  route(context, 'POST', '/v1/payer/login', 'terminal', async (request) => {
    throttle(request);
    const input = request.body as { phone: string; password: string };
    return sessionReply(unwrap(await accounts.login(input, terminalOf(request), now())));
  });

  route(context, 'POST', '/v1/payer/password-reset', 'terminal', async (request) => {
    throttle(request);
    const input = request.body as { phone: string; code: string; newPassword: string };
    return sessionReply(unwrap(await accounts.resetPassword(input, terminalOf(request), now())));
  });

  route(context, 'POST', '/v1/payer/logout', 'terminal', async (request) => {
    payer(request);
    accounts.logout(String(request.headers['payer-session']));
    return { loggedOut: true };
  });

  route(context, 'GET', '/v1/payer/profile', 'terminal', async (request) => {
    const accountId = payer(request);
    return content.profile(accountId, wallet.balance(accountId));
  });

  route(context, 'POST', '/v1/payer/profile', 'terminal', async (request) => {
    const accountId = payer(request);
    content.updateProfile(
      accountId,
      request.body as { displayName?: string; email?: string | null },
    );
    return content.profile(accountId, wallet.balance(accountId));
  });

  route(context, 'GET', '/v1/payer/templates', 'terminal', async (request) => ({
    templates: content.templates(payer(request)),
  }));

  route(context, 'POST', '/v1/payer/templates', 'terminal', async (request, reply) => {
    const input = request.body as {
      label: string;
      inmateRef: string;
      amountKopecks?: number | null;
    };
    return reply.code(201).send(unwrap(content.addTemplate(payer(request), input, now())));
  });

  route(context, 'POST', '/v1/payer/templates/{templateId}/delete', 'terminal', async (request) => {
    const { templateId } = request.params as { templateId: string };
    if (!content.deleteTemplate(payer(request), templateId)) {
      throw new ApiFailure(apiError(404, 'template-not-found', 'no such template'));
    }
    return { deleted: true };
  });

  route(context, 'GET', '/v1/payer/history', 'terminal', async (request) =>
    content.history(payer(request)),
  );

  route(context, 'GET', '/v1/payer/wallet', 'terminal', async (request) => {
    const accountId = payer(request);
    return { balanceKopecks: wallet.balance(accountId), entries: wallet.entries(accountId) };
  });

  route(context, 'POST', '/v1/payer/wallet/payments', 'terminal', async (request, reply) => {
    const input = request.body as WalletPayment;
    requireKey(request, input.transferId);
    return sendStored(reply, wallet.payTransfer(payer(request), terminalOf(request), input, now()));
  });

  route(context, 'POST', '/v1/payer/letters', 'terminal', async (request, reply) => {
    const input = request.body as LetterInput;
    requireKey(request, input.letterId);
    return sendStored(reply, wallet.letter(payer(request), terminalOf(request), input, now()));
  });

  route(context, 'GET', '/v1/payer/support-messages', 'terminal', async (request) => ({
    messages: content.supportMessages(payer(request)),
  }));

  route(context, 'POST', '/v1/payer/support-messages', 'terminal', async (request, reply) => {
    const { text } = request.body as { text: string };
    const message = content.addSupportMessage(payer(request), terminalOf(request), text, now());
    return reply.code(201).send(message);
  });

  route(context, 'GET', '/v1/dev/sms', 'admin', async (request) => {
    const { phone } = request.query as { phone?: string };
    return { messages: services.sms.recent(phone ?? null) };
  });
}
