/**
 * Payer routes beside routes.ts: SMS-code login, password change, support requests about a
 * transfer, and the operator's support queue. The payer routes (auth 'payer') take a kiosk's
 * signed calls with the Payer-Session token bound to that terminal, and a payer's own app's
 * unsigned calls with a bearer token bound to the web channel (caller.ts).
 */
import { type CentralDb, statement } from '../db.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { type RouteContext, route, sendStored, terminalOf } from '../http.ts';
import type { PayerAccounts } from './accounts.ts';
import type { AttemptThrottle } from './attempts.ts';
import type { PayerNotifications } from './notifications.ts';
import type { SmsBudget } from './sms-budget.ts';
import type { SmsGateway } from './sms.ts';
import { createWallet } from './wallet.ts';
import { maskedName } from '../../common/names.ts';
import { createRateLimiter, type RateLimit, type RateLimiter } from '../rate-limit.ts';
import { type CreateAnswer, createTransferStore } from '../transfers.ts';
import { type AccountExtras, createAccountExtras } from './account-extras.ts';
import { type AccountLifecycle, createAccountLifecycle } from './account-lifecycle.ts';
import type { PhoneChange, PhoneCodeRequest } from '../../common/central-wire-payer.ts';
import { createPayerGate, type PayerGate, unwrap } from './caller.ts';
import type { WalletTopUpCreate } from '../../common/central-wire.ts';

export type AccountRouteDeps = {
  db: CentralDb;
  sms: SmsGateway;
  /** The payer-session check of accounts.ts (same sessions table, same lifetime). */
  accounts: Pick<PayerAccounts, 'authenticate'>;
  /** Code requests and code logins per terminal (default: burst 20, 20 a minute). */
  authRateLimit?: RateLimit;
  /** Unsigned (web, mobile) attempts per client IP, shared with routes.ts. */
  webAuthLimiter: RateLimiter;
  /** The wrong-secret throttle and the SMS caps, shared with accounts.ts. */
  attempts: AttemptThrottle;
  budget: SmsBudget;
  /** The SMS a payer chose to get when support answers. */
  notifications: Pick<PayerNotifications, 'supportAnswered'>;
};

type Helpers = PayerGate & { now: () => number };

export function registerAccountRoutes(context: RouteContext, deps: AccountRouteDeps): void {
  const extras = createAccountExtras(deps.db, deps);
  const limiter = createRateLimiter(
    deps.db,
    'account-auth',
    deps.authRateLimit ?? { burst: 20, refillPerMinute: 20 },
  );
  const now = context.nowMs;
  const gate = createPayerGate({
    accounts: deps.accounts,
    terminalLimiter: limiter,
    webLimiter: deps.webAuthLimiter,
    name: 'account-auth',
    now,
  });
  const helpers: Helpers = { ...gate, now };
  registerLoginRoutes(context, extras, helpers);
  registerSupportRoutes(context, extras, helpers, deps.notifications);
  registerTemplateRecipients(context, deps.db, helpers);
  registerWalletTopUps(context, deps.db, deps.sms, helpers);
  registerLifecycleRoutes(context, createAccountLifecycle(deps.db, deps), helpers);
}

/** A new phone number (a code to it, the password) and deleting the account. */
function registerLifecycleRoutes(
  context: RouteContext,
  lifecycle: AccountLifecycle,
  helpers: Helpers,
) {
  const { now, session } = helpers;
  route(context, 'POST', '/v1/payer/phone-codes', 'payer', async (request, reply) => {
    await helpers.throttle(request);
    const { accountId } = await session(request);
    const { phone } = request.body as PhoneCodeRequest;
    return reply.code(202).send(unwrap(await lifecycle.requestPhoneCode(accountId, phone, now())));
  });

  route(context, 'POST', '/v1/payer/phone', 'payer', async (request) => {
    await helpers.throttle(request);
    const { accountId, token } = await session(request);
    const input = request.body as PhoneChange;
    const changed = await lifecycle.changePhone(
      accountId,
      token,
      input,
      helpers.caller(request),
      now(),
    );
    return { phone: unwrap(changed).phone };
  });

  route(context, 'POST', '/v1/payer/account/delete', 'payer', async (request) => {
    await helpers.throttle(request);
    const { accountId } = await session(request);
    const { currentPassword } = request.body as { currentPassword: string };
    return unwrap(
      await lifecycle.deleteAccount(accountId, currentPassword, helpers.caller(request), now()),
    );
  });
}

function registerLoginRoutes(context: RouteContext, extras: AccountExtras, helpers: Helpers) {
  const { now, throttle, session } = helpers;
  route(context, 'POST', '/v1/payer/login-codes', 'payer', async (request, reply) => {
    await throttle(request);
    const { phone } = request.body as { phone: string };
    return reply.code(202).send(unwrap(await extras.requestLoginCode(phone, now())));
  });

  route(context, 'POST', '/v1/payer/login-with-code', 'payer', async (request) => {
    await throttle(request);
    const input = request.body as { phone: string; code: string };
    return unwrap(await extras.loginWithCode(input, helpers.caller(request), now()));
  });

  route(context, 'POST', '/v1/payer/password', 'payer', async (request) => {
    const { accountId, token } = await session(request);
    const input = request.body as { currentPassword: string; newPassword: string };
    const caller = helpers.caller(request);
    return unwrap(await extras.changePassword(accountId, token, input, caller, now()));
  });
}

function registerSupportRoutes(
  context: RouteContext,
  extras: AccountExtras,
  helpers: Helpers,
  notifications: AccountRouteDeps['notifications'],
) {
  const { now, session } = helpers;
  route(context, 'POST', '/v1/payer/support-requests', 'payer', async (request, reply) => {
    const { accountId } = await session(request);
    const input = request.body as { text: string; transferId?: string | null };
    const entry = await extras.addSupportRequest(
      accountId,
      helpers.channel(request),
      { text: input.text, transferId: input.transferId ?? null },
      now(),
    );
    return reply.code(201).send(entry);
  });

  route(context, 'GET', '/v1/admin/support-messages', 'admin', async (request) => {
    const { unanswered } = request.query as { unanswered?: string };
    return { messages: await extras.supportQueue(unanswered === 'true') };
  });

  route(
    context,
    'POST',
    '/v1/admin/support-messages/{messageId}/reply',
    'admin',
    async (request) => {
      const { messageId } = request.params as { messageId: string };
      const { reply } = request.body as { reply: string };
      if (!(await extras.answerSupport(messageId, reply, now()))) {
        throw new ApiFailure(apiError(404, 'message-not-found', 'no such support message'));
      }
      try {
        await notifications.supportAnswered(messageId, now());
      } catch (error) {
        // The answer is saved and shown in the app; a failing gateway does not undo it.
        request.log.error({ err: error, messageId }, 'support-answer SMS not sent');
      }
      return { answered: true };
    },
  );
}

type TemplateRecipientRow = {
  id: string;
  label: string;
  inmate_ref: string;
  amount_kopecks: number | null;
  surname: string;
  name: string;
  patronymic: string;
  birth_year: number;
  facility_id: string;
  short_name: string;
};

/**
 * Templates with what a kiosk needs to pay again in two taps (birth year for the
 * confirmation); only the caller's own, like GET /v1/payer/templates.
 */
function registerTemplateRecipients(context: RouteContext, db: CentralDb, helpers: Helpers) {
  const templateRecipients = statement(
    db,
    `SELECT t.id, t.label, t.inmate_ref, t.amount_kopecks, i.surname, i.name, i.patronymic,
       i.birth_year, i.facility_id, f.short_name FROM payer_templates t
       JOIN inmates i ON i.ref = t.inmate_ref JOIN facilities f ON f.id = i.facility_id
       WHERE t.account_id = ? ORDER BY t.created_at_ms, t.rowid`,
  );
  route(context, 'GET', '/v1/payer/template-recipients', 'payer', async (request) => {
    const { accountId } = await helpers.session(request);
    const rows = await templateRecipients.all<TemplateRecipientRow>(accountId);
    const templates = rows.map((row) => ({
      templateId: row.id,
      label: row.label,
      inmateRef: row.inmate_ref,
      recipientMasked: maskedName(row.surname, row.name, row.patronymic),
      birthYear: row.birth_year,
      facilityId: row.facility_id,
      facilityName: row.short_name,
      amountKopecks: row.amount_kopecks,
    }));
    return { templates };
  });
}

/**
 * Cash a kiosk took for a wallet: delivered from the kiosk's outbox, possibly long after the
 * payer left, so it needs the terminal's signature and the account id, not a session.
 */
function registerWalletTopUps(
  context: RouteContext,
  db: CentralDb,
  sms: SmsGateway,
  helpers: Helpers,
) {
  const wallet = createWallet(db, createTransferStore(db));
  const accountExists = statement(db, 'SELECT 1 FROM payer_accounts WHERE id = ?');
  const phoneOf = statement(db, 'SELECT phone FROM payer_accounts WHERE id = ?');
  /**
   * The payer left the kiosk with a receipt saying the letter was paid; if central could not
   * accept it after all, they hear it by SMS (once: a replay is not news), with the money safe.
   */
  const tellRefusal = async (accountId: string, answer: CreateAnswer): Promise<void> => {
    if (answer.replayed || answer.httpStatus !== 201) return;
    const body = JSON.parse(answer.bodyText) as { letterRefusal?: { code: string } | null };
    if (body.letterRefusal === undefined || body.letterRefusal === null) return;
    const row = await phoneOf.get<{ phone: string }>(accountId);
    if (row === undefined) return;
    const text = letterRefusedSms(body.letterRefusal.code);
    await sms.send({ phone: row.phone, text, sentAtMs: helpers.now() }).catch(() => {});
  };
  route(context, 'POST', '/v1/terminal/wallet-top-ups', 'terminal', async (request, reply) => {
    const input = request.body as WalletTopUpCreate;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key.toLowerCase() !== input.topUpId.toLowerCase()) {
      const mismatch = 'Idempotency-Key must equal topUpId';
      throw new ApiFailure(apiError(400, 'idempotency-key-mismatch', mismatch));
    }
    if ((await accountExists.get(input.accountId)) === undefined) {
      throw new ApiFailure(apiError(422, 'unknown-account', 'no payer account has this id'));
    }
    const topUp = {
      topUpId: input.topUpId,
      amountKopecks: input.amountKopecks,
      ...(input.letter === undefined ? {} : { letter: input.letter }),
    };
    const terminalId = terminalOf(request);
    const answer = await wallet.topUp(input.accountId, topUp, terminalId, helpers.now());
    await tellRefusal(input.accountId, answer);
    return sendStored(reply, answer);
  });
}

function letterRefusedSms(code: string): string {
  const why =
    code === 'unknown-recipient'
      ? 'получатель не найден в учреждении'
      : code === 'insufficient-funds'
        ? 'внесено меньше цены письма'
        : 'его не удалось принять';
  return `Письмо не отправлено: ${why}. Деньги на вашем кошельке, письмо можно отправить снова.`;
}
