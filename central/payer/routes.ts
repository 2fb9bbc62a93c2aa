/**
 * Payer-account routes (auth 'payer'): a kiosk calls them terminal-signed with the payer's
 * token in the signed `Payer-Session` header; a payer's own app (web, mobile) calls them
 * unsigned with `Authorization: Bearer`. A session works only on the channel that opened it
 * (caller.ts).
 */
import type { FastifyRequest } from 'fastify';
import { commissionKopecks, kopecks } from '../../common/money.ts';
import { createPayerGate, unwrap } from './caller.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { callerOf, type RouteContext, route, sendStored } from '../http.ts';
import type { TerminalConfig } from '../terminal-config.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { PayerAccounts, Session } from './accounts.ts';
import type { PayerContent } from './content.ts';
import type { DevSmsGateway } from './sms.ts';
import type { LetterInput, Wallet, WalletPayment } from './wallet.ts';
import type { PaymentCodes } from './payment-codes.ts';
import type { LetterStore } from './letters.ts';
import type { PayerNotifications } from './notifications.ts';
import type { NotificationPreferences, SenderNameSet } from '../../common/central-wire-payer.ts';
import { CARD_TOP_UP_KOPECKS_MAX, CARD_TOP_UP_KOPECKS_MIN } from '../../common/central-wire-app.ts';

export type PayerServices = {
  accounts: PayerAccounts;
  content: PayerContent;
  wallet: Wallet;
  letters: LetterStore;
  /** The development gateway's recent messages; null when a real provider sends them. */
  devSms: DevSmsGateway | null;
  /** Login/registration attempts per terminal, on top of the per-account lockout. */
  authLimiter: RateLimiter;
  /** Unsigned (web, mobile) attempts per client IP, shared with account-routes.ts. */
  webAuthLimiter: RateLimiter;
  /** The `@web` channel's configuration: the same store and rules as every terminal's. */
  webConfig: () => Promise<TerminalConfig>;
  /** One-time codes confirming each payment from the wallet made without a terminal. */
  paymentCodes: PaymentCodes;
  /** The SMS notifications the payer chose. */
  notifications: PayerNotifications;
};

function requireKey(request: FastifyRequest, id: string): void {
  const header = request.headers['idempotency-key'];
  if (typeof header !== 'string' || header.toLowerCase() !== id.toLowerCase()) {
    throw new ApiFailure(
      apiError(400, 'idempotency-key-mismatch', 'Idempotency-Key must equal the id in the body'),
    );
  }
}

/**
 * A kiosk computes the commission from its terminal config and is trusted with it; a payer's
 * own app is not, so a web payment must carry exactly the operator's commission and stay
 * within the payment limits of the `@web` configuration (central/terminal-config.ts), which an
 * operator changes like any terminal's.
 */
function checkWebPayment(input: WalletPayment, config: TerminalConfig): void {
  const amount = input.amountKopecks;
  if (amount < config.paymentKopecksMin || amount > config.paymentKopecksMax) {
    const range = `${config.paymentKopecksMin}..${config.paymentKopecksMax}`;
    const why = `amountKopecks must be within ${range}`;
    throw new ApiFailure(apiError(422, 'amount-out-of-range', why));
  }
  const expected = commissionKopecks(
    kopecks(amount),
    config.commissionRateBasisPoints,
    kopecks(config.commissionKopecksMin),
  );
  if (input.commissionKopecks !== expected) {
    const why = `the commission on ${amount} kopecks is ${expected} kopecks`;
    throw new ApiFailure(apiError(422, 'commission-mismatch', why));
  }
}

/**
 * Without a terminal, a payment from the wallet needs the one-time SMS code of exactly this
 * payment (payment-codes.ts; docs/PAYER-APP.md). A repeat of a payment already made is a
 * replay and needs none: it answers what the first one did and moves no money.
 */
async function confirmWebPayment(
  services: PayerServices,
  accountId: string,
  input: WalletPayment,
  code: string | undefined,
  nowMs: number,
): Promise<void> {
  if (await services.wallet.paymentExists(input.transferId)) return;
  if (code === undefined) {
    const why = 'a payment from the app needs the SMS code of POST /v1/payer/payment-codes';
    throw new ApiFailure(apiError(403, 'payment-code-required', why));
  }
  if (!(await services.paymentCodes.redeem(accountId, input, code, nowMs))) {
    throw new ApiFailure(apiError(403, 'payment-code-invalid', 'wrong, used or expired code'));
  }
}

export function registerPayerRoutes(context: RouteContext, services: PayerServices): void {
  const { accounts, content, wallet } = services;
  const now = context.nowMs;
  const gate = createPayerGate({
    accounts,
    terminalLimiter: services.authLimiter,
    webLimiter: services.webAuthLimiter,
    name: 'payer-auth',
    now,
  });
  const { throttle, channel, caller } = gate;
  const payer = async (request: FastifyRequest): Promise<string> =>
    (await gate.session(request)).accountId;
  const sessionReply = (session: Session) => session;

  route(context, 'POST', '/v1/payer/sms-codes', 'payer', async (request, reply) => {
    await throttle(request);
    const { phone, purpose } = request.body as { phone: string; purpose: 'register' | 'reset' };
    return reply.code(202).send(unwrap(await accounts.requestCode(phone, purpose, now())));
  });

  route(context, 'POST', '/v1/payer/register', 'payer', async (request, reply) => {
    await throttle(request);
    const input = request.body as {
      phone: string;
      code: string;
      password: string;
      displayName: string;
    };
    return reply
      .code(201)
      .send(sessionReply(unwrap(await accounts.register(input, channel(request), now()))));
  });

  route(context, 'POST', '/v1/payer/login', 'payer', async (request) => {
    await throttle(request);
    const input = request.body as { phone: string; password: string };
    return sessionReply(unwrap(await accounts.login(input, caller(request), now())));
  });

  route(context, 'POST', '/v1/payer/password-reset', 'payer', async (request) => {
    await throttle(request);
    const input = request.body as { phone: string; code: string; newPassword: string };
    return sessionReply(unwrap(await accounts.resetPassword(input, channel(request), now())));
  });

  route(context, 'POST', '/v1/payer/logout', 'payer', async (request) => {
    await accounts.logout((await gate.session(request)).token);
    return { loggedOut: true };
  });

  route(context, 'GET', '/v1/payer/profile', 'payer', async (request) => {
    const accountId = await payer(request);
    return content.profile(accountId, await wallet.balance(accountId));
  });

  route(context, 'POST', '/v1/payer/profile', 'payer', async (request) => {
    const accountId = await payer(request);
    await content.updateProfile(
      accountId,
      request.body as { displayName?: string; email?: string | null },
    );
    return content.profile(accountId, await wallet.balance(accountId));
  });

  route(context, 'POST', '/v1/payer/sender-name', 'payer', async (request) => {
    const accountId = await payer(request);
    unwrap(await content.setSenderName(accountId, request.body as SenderNameSet, now()));
    return content.profile(accountId, await wallet.balance(accountId));
  });

  route(context, 'GET', '/v1/payer/notifications', 'payer', async (request) => ({
    preferences: await services.notifications.preferences(await payer(request)),
  }));

  route(context, 'POST', '/v1/payer/notifications', 'payer', async (request) => {
    const accountId = await payer(request);
    const { preferences } = request.body as NotificationPreferences;
    return {
      preferences: await services.notifications.setPreferences(accountId, preferences, now()),
    };
  });

  route(context, 'GET', '/v1/payer/templates', 'payer', async (request) => ({
    templates: await content.templates(await payer(request)),
  }));

  route(context, 'POST', '/v1/payer/templates', 'payer', async (request, reply) => {
    const input = request.body as {
      label: string;
      inmateRef: string;
      amountKopecks?: number | null;
    };
    const added = await content.addTemplate(await payer(request), input, now());
    return reply.code(201).send(unwrap(added));
  });

  route(context, 'POST', '/v1/payer/templates/{templateId}/delete', 'payer', async (request) => {
    const { templateId } = request.params as { templateId: string };
    if (!(await content.deleteTemplate(await payer(request), templateId))) {
      throw new ApiFailure(apiError(404, 'template-not-found', 'no such template'));
    }
    return { deleted: true };
  });

  route(context, 'GET', '/v1/payer/history', 'payer', async (request) =>
    content.history(await payer(request)),
  );

  route(context, 'GET', '/v1/payer/wallet', 'payer', async (request) => {
    const accountId = await payer(request);
    return {
      balanceKopecks: await wallet.balance(accountId),
      entries: await wallet.entries(accountId),
    };
  });

  route(context, 'POST', '/v1/payer/wallet/payments', 'payer', async (request, reply) => {
    const { confirmationCode, ...input } = request.body as WalletPayment & {
      confirmationCode?: string;
    };
    requireKey(request, input.transferId);
    if (callerOf(request).kind === 'web') checkWebPayment(input, await services.webConfig());
    const accountId = await payer(request);
    if (callerOf(request).kind === 'web') {
      await confirmWebPayment(services, accountId, input, confirmationCode, now());
    }
    return sendStored(reply, await wallet.payTransfer(accountId, channel(request), input, now()));
  });

  route(context, 'GET', '/v1/payer/payment-terms', 'payer', async (request) => {
    await payer(request);
    const config = await services.webConfig();
    return {
      paymentKopecksMin: config.paymentKopecksMin,
      paymentKopecksMax: config.paymentKopecksMax,
      commissionRateBasisPoints: config.commissionRateBasisPoints,
      commissionKopecksMin: config.commissionKopecksMin,
      topUpKopecksMin: CARD_TOP_UP_KOPECKS_MIN,
      topUpKopecksMax: CARD_TOP_UP_KOPECKS_MAX,
    };
  });

  route(context, 'POST', '/v1/payer/letters', 'payer', async (request, reply) => {
    const input = request.body as LetterInput;
    requireKey(request, input.letterId);
    const accountId = await payer(request);
    return sendStored(reply, await wallet.letter(accountId, channel(request), input, now()));
  });

  route(context, 'GET', '/v1/payer/letters/{letterId}/reply', 'payer', async (request, reply) => {
    const accountId = await payer(request);
    const { letterId } = request.params as { letterId: string };
    const file = await services.letters.reply(accountId, letterId);
    if (file === null) throw new ApiFailure(apiError(404, 'no-reply', 'no reply to this letter'));
    // A personal document: no cache along the way keeps it (the app's worker never sees /v1/).
    void reply.header('cache-control', 'no-store, private');
    return file;
  });

  route(context, 'GET', '/v1/payer/support-messages', 'payer', async (request) => ({
    messages: await content.supportMessages(await payer(request)),
  }));

  route(context, 'POST', '/v1/payer/support-messages', 'payer', async (request, reply) => {
    const { text } = request.body as { text: string };
    const accountId = await payer(request);
    const message = await content.addSupportMessage(accountId, channel(request), text, now());
    return reply.code(201).send(message);
  });

  route(context, 'GET', '/v1/dev/sms', 'admin', async (request) => {
    const { phone } = request.query as { phone?: string };
    if (services.devSms === null) {
      throw new ApiFailure(
        apiError(404, 'dev-sms-off', 'SMS go through a provider here, not the development file'),
      );
    }
    return { messages: services.devSms.recent(phone ?? null) };
  });
}
