/**
 * Wallet top-ups by card or СБП through the payment-provider port (../payment-provider/). The
 * payer's app asks for a top-up, central creates the provider payment (idempotent on our id)
 * and hands back the provider's confirmation page. The wallet is credited only from an outcome
 * central has verified — a webhook whose signature holds, or central's own question to the
 * provider — and at most once per provider payment: `provider_credits` is keyed by it and
 * points at a wallet entry whose id is unique, so a duplicate, a late webhook, a poll racing
 * a webhook, or forty copies at once insert nothing the second time (schema version 190).
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type CentralDb, statement } from '../db.ts';
import { apiError, type ApiError } from '../errors.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { PaymentProvider, ProviderPayment, TopUpMethod } from '../payment-provider/port.ts';
import {
  CARD_TOP_UP_KOPECKS_MAX,
  CARD_TOP_UP_KOPECKS_MIN,
  type CardTopUpView,
} from '../../common/central-wire-app.ts';

/** A pending top-up is asked about at most this often when the app looks at it. */
const POLL_GAP_MS = 5_000;
/** The background reconciliation leaves a young payment to its webhook for this long. */
const RECONCILE_AFTER_MS = 60_000;
const RECONCILE_BATCH = 20;
/**
 * A top-up whose creation the provider never confirmed (no answer, a 5xx) left the payer
 * without a confirmation page, so nothing can have been paid; after this it is closed.
 */
const ABANDON_CREATED_MS = 60 * 60_000;

type TopUpRow = {
  id: string;
  account_id: string;
  method: TopUpMethod;
  amount_kopecks: number;
  provider: string;
  provider_payment_id: string | null;
  confirmation_url: string | null;
  status: 'created' | 'pending' | 'succeeded' | 'canceled';
  fingerprint: string;
  created_at_ms: number;
  checked_at_ms: number | null;
  settled_at_ms: number | null;
};

export type CreateTopUpInput = { topUpId: string; amountKopecks: number; method: TopUpMethod };

export type Outcome =
  | 'credited'
  | 'already-credited'
  | 'canceled'
  | 'still-pending'
  | 'unknown-payment'
  | 'amount-mismatch';

export function viewOf(row: TopUpRow): CardTopUpView {
  return {
    topUpId: row.id,
    method: row.method,
    amountKopecks: row.amount_kopecks,
    // 'created' is a payment the provider has not confirmed creating yet: pending to the payer.
    status: row.status === 'created' ? 'pending' : row.status,
    confirmationUrl: row.status === 'pending' ? row.confirmation_url : null,
    createdAtMs: row.created_at_ms,
    settledAtMs: row.settled_at_ms,
  };
}

export type CardTopUps = ReturnType<typeof createCardTopUps>;

export function createCardTopUps(db: CentralDb, provider: PaymentProvider, log: FastifyBaseLogger) {
  const byId = statement(db, 'SELECT * FROM card_top_ups WHERE id = ?');
  const byProviderId = statement(
    db,
    'SELECT * FROM card_top_ups WHERE provider = ? AND provider_payment_id = ?',
  );
  const ofAccount = statement(
    db,
    'SELECT * FROM card_top_ups WHERE account_id = ? ORDER BY created_at_ms DESC LIMIT 50',
  );
  const insert = statement(
    db,
    `INSERT INTO card_top_ups (id, account_id, method, amount_kopecks, provider, status,
       fingerprint, created_at_ms) VALUES (?, ?, ?, ?, ?, 'created', ?, ?)`,
  );
  const markCreated = statement(
    db,
    `UPDATE card_top_ups SET provider_payment_id = ?, confirmation_url = ?, status = 'pending'
       WHERE id = ? AND status = 'created'`,
  );
  const settle = statement(
    db,
    `UPDATE card_top_ups SET status = ?, settled_at_ms = ?
       WHERE id = ? AND status IN ('created', 'pending')`,
  );
  const touch = statement(db, 'UPDATE card_top_ups SET checked_at_ms = ? WHERE id = ?');
  const insertEntry = statement(
    db,
    `INSERT INTO wallet_entries (id, account_id, kind, delta_kopecks, fingerprint, response,
       created_at_ms) VALUES (?, ?, 'top-up', ?, '', ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const insertCredit = statement(
    db,
    `INSERT INTO provider_credits (provider, provider_payment_id, top_up_id, wallet_entry_id,
       amount_kopecks, credited_at_ms) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const due = statement(
    db,
    `SELECT * FROM card_top_ups WHERE status = 'pending' AND created_at_ms < ?
       AND (checked_at_ms IS NULL OR checked_at_ms < ?) ORDER BY created_at_ms LIMIT ?`,
  );

  const abandon = statement(
    db,
    `UPDATE card_top_ups SET status = 'canceled', settled_at_ms = ?
       WHERE status = 'created' AND created_at_ms < ?`,
  );

  const fingerprintOf = (accountId: string, input: CreateTopUpInput) =>
    createHash('sha256')
      .update(JSON.stringify([accountId, input.amountKopecks, input.method]))
      .digest('hex');

  /** The outcome the provider reported, applied in one transaction (see the file comment). */
  const apply = (payment: ProviderPayment, nowMs: number): Promise<Outcome> =>
    db.transaction(async (): Promise<Outcome> => {
      const row = await byProviderId.get<TopUpRow>(provider.name, payment.providerPaymentId);
      if (row === undefined) return 'unknown-payment';
      if (row.amount_kopecks !== payment.amountKopecks) return 'amount-mismatch';
      if (payment.status === 'pending') return 'still-pending';
      if (payment.status === 'canceled') {
        await settle.run('canceled', nowMs, row.id);
        return 'canceled';
      }
      const entryId = `card:${row.id}`;
      const response = JSON.stringify({ topUpId: row.id, amountKopecks: row.amount_kopecks });
      const inserted = await insertEntry.run(
        entryId,
        row.account_id,
        row.amount_kopecks,
        response,
        nowMs,
      );
      if (inserted === 0) return 'already-credited';
      // Not ON CONFLICT: a second credit for one provider payment must fail the transaction.
      await insertCredit.run(
        provider.name,
        payment.providerPaymentId,
        row.id,
        entryId,
        row.amount_kopecks,
        nowMs,
      );
      await settle.run('succeeded', nowMs, row.id);
      return 'credited';
    });

  /** Asks the provider about one pending top-up and applies what it says. */
  const poll = async (row: TopUpRow, nowMs: number): Promise<void> => {
    if (row.provider_payment_id === null) return;
    await touch.run(nowMs, row.id);
    const answer = await provider.getPayment(row.provider_payment_id);
    if (!answer.ok) {
      log.warn({ topUpId: row.id, failure: answer.error.kind }, 'top-up poll failed');
      return;
    }
    if (answer.value.providerPaymentId !== row.provider_payment_id) return;
    const outcome = await apply(answer.value, nowMs);
    if (outcome === 'amount-mismatch') log.error({ topUpId: row.id }, 'top-up amount mismatch');
  };

  return {
    apply,

    async create(
      accountId: string,
      input: CreateTopUpInput,
      returnUrl: string,
      nowMs: number,
    ): Promise<Result<{ view: CardTopUpView; created: boolean }, ApiError>> {
      const amount = input.amountKopecks;
      if (amount < CARD_TOP_UP_KOPECKS_MIN || amount > CARD_TOP_UP_KOPECKS_MAX) {
        const range = `${CARD_TOP_UP_KOPECKS_MIN}..${CARD_TOP_UP_KOPECKS_MAX}`;
        return err(apiError(422, 'amount-out-of-range', `amountKopecks must be within ${range}`));
      }
      const id = input.topUpId.toLowerCase();
      const fingerprint = fingerprintOf(accountId, input);
      const existing = await db.transaction(async () => {
        const found = await byId.get<TopUpRow>(id);
        if (found === undefined) {
          await insert.run(id, accountId, input.method, amount, provider.name, fingerprint, nowMs);
        }
        return found;
      });
      if (existing !== undefined && existing.fingerprint !== fingerprint) {
        return err(apiError(422, 'idempotency-key-reused', `${id} exists with another body`));
      }
      if (existing !== undefined && existing.status !== 'created') {
        return ok({ view: viewOf(existing), created: false });
      }
      // Outside any transaction (a network call); the provider is idempotent on our id.
      const created = await provider.createPayment({
        topUpId: id,
        amountKopecks: amount,
        method: input.method,
        returnUrl,
        description: `Пополнение кошелька ${id.slice(-8)}`,
      });
      if (!created.ok) {
        log.warn({ topUpId: id, failure: created.error.kind }, 'top-up create failed');
        const why = 'the payment provider did not answer; try again with the same topUpId';
        return err(apiError(502, 'payment-provider-unavailable', why));
      }
      if (created.value.amountKopecks !== amount) {
        log.error({ topUpId: id }, 'provider created a payment of another amount');
        return err(apiError(502, 'payment-provider-unavailable', 'the provider answered wrong'));
      }
      await markCreated.run(created.value.providerPaymentId, created.value.confirmationUrl, id);
      const row = (await byId.get<TopUpRow>(id))!;
      return ok({ view: viewOf(row), created: existing === undefined });
    },

    /** One of the account's top-ups; a pending one is asked about (at most every 5 s). */
    async get(accountId: string, topUpId: string, nowMs: number): Promise<CardTopUpView | null> {
      const row = await byId.get<TopUpRow>(topUpId.toLowerCase());
      if (row === undefined || row.account_id !== accountId) return null;
      if (row.status === 'pending' && nowMs - (row.checked_at_ms ?? 0) >= POLL_GAP_MS) {
        await poll(row, nowMs);
        return viewOf((await byId.get<TopUpRow>(row.id))!);
      }
      return viewOf(row);
    },

    async list(accountId: string): Promise<CardTopUpView[]> {
      return (await ofAccount.all<TopUpRow>(accountId)).map(viewOf);
    },

    /**
     * Background: every pending top-up older than a minute is asked about again; one the
     * provider never confirmed creating is closed after an hour.
     */
    async reconcile(nowMs: number): Promise<number> {
      await abandon.run(nowMs, nowMs - ABANDON_CREATED_MS);
      const rows = await due.all<TopUpRow>(
        nowMs - RECONCILE_AFTER_MS,
        nowMs - RECONCILE_AFTER_MS,
        RECONCILE_BATCH,
      );
      for (const row of rows) await poll(row, nowMs);
      return rows.length;
    },
  };
}
