/**
 * Conservation after a fleet run: every transfer the simulated terminals and payers sent is
 * at central exactly once (its id is the key; a resent one is the same row), with the amounts
 * that were sent and the owner that sent it, nothing else is there from them, the sums match,
 * and each payer's wallet holds its top-up less what it paid.
 */
import type { CentralDb } from '../../central/db.ts';
import type { SentTransfer, SimPayer } from './fleet-sim.ts';

export type Conservation = {
  sentCount: number;
  centralCount: number;
  missing: string[];
  mismatched: string[];
  sentKopecks: number;
  centralKopecks: number;
  /** Payers whose wallet balance is not top-up − Σ paid. */
  walletsOff: string[];
};

type Row = {
  id: string;
  terminal_id: string;
  payer_account_id: string | null;
  amount_kopecks: number;
  deposited_kopecks: number;
};

export async function checkConservation(
  db: CentralDb,
  sent: ReadonlyMap<string, SentTransfer>,
  payers: readonly SimPayer[],
  topUpKopecks: number,
): Promise<Conservation> {
  const accounts = payers.map((payer) => payer.accountId);
  const byPayer =
    accounts.length === 0 ? '' : ` OR payer_account_id IN (${accounts.map(() => '?').join(', ')})`;
  const rows = await db.all<Row>(
    `SELECT id, terminal_id, payer_account_id, amount_kopecks, deposited_kopecks FROM transfers
       WHERE terminal_id LIKE 'SIM-%'${byPayer}`,
    ...accounts,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing: string[] = [];
  const mismatched: string[] = [];
  let sentKopecks = 0;
  for (const [id, transfer] of sent) {
    sentKopecks += transfer.amountKopecks;
    const row = byId.get(id.toLowerCase());
    if (row === undefined) {
      missing.push(id);
      continue;
    }
    const owner = row.terminal_id.startsWith('SIM-') ? row.terminal_id : row.payer_account_id;
    if (
      owner !== transfer.owner ||
      row.amount_kopecks !== transfer.amountKopecks ||
      row.deposited_kopecks !== transfer.depositedKopecks
    ) {
      mismatched.push(id);
    }
  }
  const walletsOff: string[] = [];
  for (const payer of payers) {
    const balance = await db.get<{ total: number | null }>(
      'SELECT SUM(delta_kopecks) AS total FROM wallet_entries WHERE account_id = ?',
      payer.accountId,
    );
    let paid = 0;
    for (const transfer of sent.values()) {
      if (transfer.owner === payer.accountId) paid += transfer.depositedKopecks;
    }
    if ((balance?.total ?? 0) !== topUpKopecks - paid) walletsOff.push(payer.accountId);
  }
  return {
    sentCount: sent.size,
    centralCount: rows.length,
    missing,
    mismatched,
    sentKopecks,
    centralKopecks: rows.reduce((sum, row) => sum + row.amount_kopecks, 0),
    walletsOff,
  };
}
