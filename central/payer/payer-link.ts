/**
 * The payer link of a cash transfer (`payerAccountId`): it puts the transfer in that payer's
 * history, so a terminal may set it only for a payer who opened a session at that terminal
 * (accounts.ts remembers those) within PAYER_LINK_WINDOW_MS before central accepts the
 * transfer. The window is long because the kiosk's outbox may deliver days late.
 *
 * Otherwise the transfer is still accepted (cash already taken is never refused over a
 * link), without the link and without the sender's name that came with it, with a warning in
 * the server log (terminal and transfer ids, no personal data) and a count in metrics. The
 * answer is unchanged and the idempotency fingerprint keeps the body as sent, so the kiosk's
 * retries replay byte for byte.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { TransferCreate } from '../../common/central-wire.ts';
import { type CentralDb, statement } from '../db.ts';
import type { CentralMetrics } from '../metrics.ts';
import type { GroupCommitter } from '../storage/group-commit.ts';
import type { CreateAnswer } from '../transfers.ts';

export const PAYER_LINK_WINDOW_MS = 7 * 24 * 60 * 60_000;

export type PayerLinks = {
  /** Runs `create` (one transaction) and drops the links no session at `terminalId` backs. */
  checked(
    terminalId: string,
    items: readonly TransferCreate[],
    nowMs: number,
    create: () => Promise<readonly CreateAnswer[]>,
  ): Promise<readonly CreateAnswer[]>;
};

export function createPayerLinks(
  db: CentralDb,
  metrics: CentralMetrics,
  log: FastifyBaseLogger,
  /** Transfer creations share commits with concurrent ones (storage/group-commit.ts). */
  commits?: GroupCommitter,
): PayerLinks {
  const transaction = <T>(work: () => Promise<T>): Promise<T> =>
    commits === undefined ? db.transaction(work) : commits.run(work);
  const opened = statement(
    db,
    `SELECT last_opened_ms FROM payer_terminal_sessions
       WHERE account_id = ? AND terminal_id = ?`,
  );
  const unlink = statement(
    db,
    'UPDATE transfers SET payer_account_id = NULL, sender_name = NULL WHERE id = ?',
  );
  const backed = async (accountId: string, terminalId: string, nowMs: number) => {
    const row = await opened.get<{ last_opened_ms: number }>(accountId, terminalId);
    return row !== undefined && nowMs - row.last_opened_ms <= PAYER_LINK_WINDOW_MS;
  };
  return {
    checked: (terminalId, items, nowMs, create) =>
      transaction(async () => {
        const answers = await create();
        const dropped: string[] = [];
        for (const [index, item] of items.entries()) {
          const answer = answers[index];
          const accountId = item.payerAccountId ?? null;
          if (answer === undefined || answer.replayed || answer.httpStatus !== 201) continue;
          if (accountId === null || (await backed(accountId, terminalId, nowMs))) continue;
          const transferId = item.transferId.toLowerCase();
          await unlink.run(transferId);
          dropped.push(transferId);
        }
        return { answers, dropped };
      }).then(({ answers, dropped }) => {
        // Told once the transaction committed (a retried one runs its callback again).
        for (const transferId of dropped) {
          metrics.payerLinksDropped.inc();
          log.warn(
            { terminalId, transferId },
            `payer link dropped: terminal ${terminalId} opened no payer session for it`,
          );
        }
        return answers;
      }),
  };
}
