/**
 * One-time SMS codes that confirm a payment from the wallet made in the payer's own app (the
 * rule: docs/PAYER-APP.md). A stolen session token alone cannot move money: each payment needs
 * a code sent to the account's phone, and the code is bound to that payment — its transfer id,
 * recipient, amount and commission — so a code read over the payer's shoulder cannot pay
 * anyone else or any other sum. Ten minutes, five tries, the shared hourly SMS budget.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { formatRublesPlain, kopecks } from '../../common/money.ts';
import { maskedName } from '../../common/names.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { PaymentCodeRequest } from '../../common/central-wire-app.ts';
import { type CentralDb, statement } from '../db.ts';
import { type ApiError, apiError } from '../errors.ts';
import { type CodeRow, codeHash, sha256, spendCode } from './accounts.ts';
import type { SmsBudget } from './sms-budget.ts';
import type { SmsGateway } from './sms.ts';

const CODE_TTL_MS = 10 * 60_000;
/** Another code for the same payment: not sooner than this. */
const RESEND_GAP_MS = 30_000;

type Failure = ApiError & { retryAfterMs?: number };

/** What the code is bound to; `transferId` lower-cased like the transfer's own id. */
export function paymentHash(input: PaymentCodeRequest): string {
  return sha256(
    JSON.stringify([
      input.transferId.toLowerCase(),
      input.inmateRef,
      input.amountKopecks,
      input.commissionKopecks,
    ]),
  );
}

export type PaymentCodes = ReturnType<typeof createPaymentCodes>;

export function createPaymentCodes(db: CentralDb, deps: { sms: SmsGateway; budget: SmsBudget }) {
  const phoneOf = statement(db, 'SELECT phone FROM payer_accounts WHERE id = ?');
  const recipient = statement(db, 'SELECT surname, name, patronymic FROM inmates WHERE ref = ?');
  const latest = statement(
    db,
    `SELECT sent_at_ms FROM payment_codes WHERE account_id = ? AND transfer_id = ?
       ORDER BY sent_at_ms DESC LIMIT 1`,
  );
  const insert = statement(
    db,
    `INSERT INTO payment_codes (id, account_id, transfer_id, payment_hash, code_hash, sent_at_ms,
       expires_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const live = statement(
    db,
    `SELECT id, code_hash, attempts FROM payment_codes WHERE account_id = ? AND transfer_id = ?
       AND payment_hash = ? AND used = 0 AND expires_at_ms > ? ORDER BY sent_at_ms DESC LIMIT 1`,
  );
  const fail = statement(db, 'UPDATE payment_codes SET attempts = attempts + 1 WHERE id = ?');
  const use = statement(db, 'UPDATE payment_codes SET used = 1 WHERE id = ?');

  return {
    async request(
      accountId: string,
      input: PaymentCodeRequest,
      nowMs: number,
    ): Promise<Result<{ expiresAtMs: number }, Failure>> {
      const transferId = input.transferId.toLowerCase();
      const phone = (await phoneOf.get<{ phone: string }>(accountId))?.phone;
      const person = await recipient.get<{ surname: string; name: string; patronymic: string }>(
        input.inmateRef,
      );
      if (phone === undefined || person === undefined) {
        return err(apiError(422, 'unknown-recipient', 'no inmate has this inmateRef'));
      }
      const last = (await latest.get<{ sent_at_ms: number }>(accountId, transferId))?.sent_at_ms;
      if (last !== undefined && nowMs - last < RESEND_GAP_MS) {
        const retryAfterMs = RESEND_GAP_MS - (nowMs - last);
        return err({ ...apiError(429, 'sms-too-soon', 'wait before another code'), retryAfterMs });
      }
      const granted = await deps.budget.take(phone, 'payment', nowMs);
      if (!granted.ok) return err(granted.error);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAtMs = nowMs + CODE_TTL_MS;
      await insert.run(
        `c${randomBytes(10).toString('hex')}`,
        accountId,
        transferId,
        paymentHash(input),
        codeHash(phone, code),
        nowMs,
        expiresAtMs,
      );
      const total = formatRublesPlain(kopecks(input.amountKopecks + input.commissionKopecks));
      const who = maskedName(person.surname, person.name, person.patronymic);
      const what = `перевод ${who}, списание ${total} ₽ с кошелька`;
      const text = `Код ${code}: ${what}. Никому не сообщайте его.`;
      await deps.sms.send({ phone, text, sentAtMs: nowMs });
      deps.budget.sent('payment');
      return ok({ expiresAtMs });
    },

    /** Spends the payment's live code if `code` is it; a wrong guess counts (5 at most). */
    async redeem(
      accountId: string,
      payment: PaymentCodeRequest,
      code: string,
      nowMs: number,
    ): Promise<boolean> {
      const phone = (await phoneOf.get<{ phone: string }>(accountId))?.phone;
      if (phone === undefined) return false;
      const row = await live.get<CodeRow & { id: string }>(
        accountId,
        payment.transferId.toLowerCase(),
        paymentHash(payment),
        nowMs,
      );
      return spendCode(row as unknown as CodeRow | undefined, phone, code, {
        fail: () => fail.run(row!.id),
        use: () => use.run(row!.id),
      });
    },
  };
}
