import { assert } from '../../common/assert.ts';
import type {
  AcceptorError,
  AcceptorEvent,
  AcceptorIdentity,
  BillAcceptorPort,
  BillTableEntry,
} from '../../common/ports.ts';
import { kopecks } from '../../common/money.ts';
import type { BillTableRow } from '../core/deposit-machine.ts';
import type { InvariantReport, Ledger } from '../ledger/ledger.ts';
import type { DepositLog, ReceiptPrinter } from './deposit-deps.ts';
import { type EffectContext, fiscalTermsFor, startPrint } from './deposit-effects.ts';

export type RecoveryReport = {
  acceptor: { ok: true; identity: AcceptorIdentity } | { ok: false; error: AcceptorError };
  openIntentsAtStart: number;
  /** Outcomes the device reported before its RESET. */
  deviceStacked: number;
  deviceReturned: number;
  /** Escrow re-reported for an open intent: STACK sent again for the same intent. */
  restacked: number;
  /** Open intents with no device evidence: credited and flagged for collection. */
  unresolvedCredited: number;
  unmatchedStacked: number;
  /** Left open because the device could not be asked (acceptor did not open). */
  intentsLeftOpen: number;
  recoveredTransferIds: readonly string[];
  cancelledSessionIds: readonly string[];
  reprintedTransferIds: readonly string[];
  invariant: InvariantReport;
};

export type RecoveryDeps = {
  ledger: Ledger;
  acceptor: BillAcceptorPort;
  receipts: ReceiptPrinter;
  log: DepositLog;
  now: () => number;
  newId: (nowMs: number) => string;
  context: EffectContext;
};

/** Rubles only ('RUS' or 'RUB' by firmware, docs/protocols/ccnet.md §8); coins/coupons skipped. */
export function billTableRows(entries: readonly BillTableEntry[]): BillTableRow[] {
  return entries
    .filter((entry) => entry.currency === 'RUS' || entry.currency === 'RUB')
    .filter((entry) => entry.noteKopecks > 0)
    .map((entry) => ({ billType: entry.billType, noteKopecks: entry.noteKopecks }));
}

type Tally = Pick<
  RecoveryReport,
  'deviceStacked' | 'deviceReturned' | 'restacked' | 'unmatchedStacked'
>;

/**
 * Start-up recovery (docs/ARCHITECTURE.md §4). The driver POLLs before RESET and hands us what the
 * device still holds; we resolve open intents from that evidence, credit (flagged) whatever the
 * device could not account for, then finish every open session as a recovered transfer.
 */
export async function runRecovery(deps: RecoveryDeps): Promise<RecoveryReport> {
  const { ledger, acceptor, log } = deps;
  const openIntentsAtStart = ledger.openIntents().length;
  const tally: Tally = { deviceStacked: 0, deviceReturned: 0, restacked: 0, unmatchedStacked: 0 };
  let handling = 0;
  acceptor.setListener(async (event) => {
    handling += 1;
    try {
      await onRecoveryEvent(deps, tally, event);
    } finally {
      handling -= 1;
    }
  });
  const opened = await acceptor.open();
  // open() does not wait for condition events it handed over (power-up `11` closes an intent):
  // let them land before anything is judged "without evidence".
  await listenerIdle(() => handling);
  if (!opened.ok) log.error({ error: opened.error }, 'recovery: bill acceptor did not open');
  let unresolvedCredited = 0;
  if (opened.ok) {
    for (const intent of ledger.openIntents()) {
      const result = ledger.resolveIntent(intent.intentId, {
        kind: 'unresolved',
        atMs: deps.now(),
      });
      if (result.kind !== 'resolved') continue;
      unresolvedCredited += 1;
      ledger.audit.append({
        atMs: deps.now(),
        actor: 'recovery',
        action: 'unresolved-credit',
        detail: { intentId: intent.intentId, noteKopecks: intent.noteKopecks },
      });
      log.warn({ intent }, 'recovery: no device evidence for a stacked note; credited, flagged');
    }
  }
  const finished = await finishOpenSessions(deps);
  const reprinted = await reprintPending(deps, new Set(finished.recoveredTransferIds));
  const invariant = ledger.checkInvariant();
  const report: RecoveryReport = {
    acceptor: opened.ok ? { ok: true, identity: opened.value } : { ok: false, error: opened.error },
    openIntentsAtStart,
    ...tally,
    unresolvedCredited,
    intentsLeftOpen: ledger.openIntents().length,
    ...finished,
    reprintedTransferIds: reprinted,
    invariant,
  };
  log.info({ report: { ...report, acceptor: opened.ok } }, 'recovery finished');
  if (!invariant.ok) log.error({ invariant }, 'recovery: ledger invariant broken');
  return report;
}

const listenerIdleRoundsMax = 200;

async function listenerIdle(inProgress: () => number): Promise<void> {
  for (let round = 0; round < listenerIdleRoundsMax; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    if (inProgress() === 0) return;
  }
}

async function onRecoveryEvent(deps: RecoveryDeps, tally: Tally, event: AcceptorEvent) {
  const { ledger, acceptor, log } = deps;
  const atMs = deps.now();
  const open = ledger.openIntents();
  switch (event.kind) {
    case 'escrow': {
      // The note of an open intent still in escrow: stack it again for the SAME intent.
      // A note with no intent (crash before the intent was written) goes back to the payer.
      const result = open.length > 0 ? await acceptor.stack() : await acceptor.returnNote();
      if (open.length > 0) tally.restacked += 1;
      if (!result.ok) log.warn({ error: result.error }, 'recovery: escrow command failed');
      return;
    }
    case 'stacked': {
      const noteKopecks = noteOf(open, event.billType);
      const result = ledger.resolveOldestIntent({
        kind: 'stacked',
        billType: event.billType,
        noteKopecks,
        atMs,
      });
      if (result.kind === 'resolved') {
        tally.deviceStacked += 1;
        return;
      }
      tally.unmatchedStacked += 1;
      ledger.recordUnmatchedStacked({ billType: event.billType, noteKopecks, atMs });
      log.warn({ billType: event.billType }, 'recovery: stacked with no open intent (duplicate)');
      return;
    }
    case 'returned':
      if (
        ledger.resolveOldestIntent({ kind: 'returned', billType: event.billType, atMs }).kind ===
        'resolved'
      ) {
        tally.deviceReturned += 1;
      }
      return;
    case 'condition':
      // Power-up with the bill in the validator: the device hands it back to the payer.
      if (event.condition.kind === 'power-up' && event.condition.variant === 'bill-in-validator') {
        const head = open[0];
        if (head !== undefined) {
          ledger.resolveOldestIntent({ kind: 'returned', billType: head.billType, atMs });
          tally.deviceReturned += 1;
        }
      }
      return;
    case 'rejected':
      return;
  }
}

/** The device's own report decides the value; the intent's value only if the type is unknown. */
function noteOf(open: ReturnType<Ledger['openIntents']>, billType: number) {
  const head = open[0];
  const same = open.find((intent) => intent.billType === billType);
  // No open intent: a duplicate report; its value is unknown before the bill table is read.
  return same?.noteKopecks ?? head?.noteKopecks ?? kopecks(0);
}

async function finishOpenSessions(deps: RecoveryDeps) {
  const { ledger, log } = deps;
  const recoveredTransferIds: string[] = [];
  const cancelledSessionIds: string[] = [];
  for (const sessionId of ledger.openSessionIds()) {
    const session = ledger.sessionState(sessionId);
    assert(session !== null, `open session ${sessionId} vanished`);
    if (session.openIntentCount > 0) continue; // device not asked: keep it for the next start
    if (session.acceptedKopecks === 0) {
      const cancelled = ledger.cancelSession(sessionId, 'recovery', deps.now());
      assert(cancelled.ok, `recovery cancel: ${JSON.stringify(cancelled)}`);
      cancelledSessionIds.push(sessionId);
      continue;
    }
    const transferId = deps.newId(deps.now());
    const committed = ledger.commitTransfer({
      transferId,
      sessionId,
      recovered: true,
      createdAtMs: deps.now(),
      fiscal: fiscalTermsFor(deps.context, transferId, sessionId),
    });
    assert(committed.ok, `recovery commit: ${JSON.stringify(committed)}`);
    log.warn({ transferId, acceptedKopecks: session.acceptedKopecks }, 'recovered transfer');
    recoveredTransferIds.push(transferId);
    await startPrint(deps.context, transferId, true);
    deps.context.printing.delete(transferId);
  }
  return { recoveredTransferIds, cancelledSessionIds };
}

/** A crash between commit and the printer's answer: print again, marked as recovered. */
async function reprintPending(deps: RecoveryDeps, skip: ReadonlySet<string>) {
  const reprinted: string[] = [];
  for (const transfer of deps.ledger.pendingReceiptTransfers()) {
    if (skip.has(transfer.transferId)) continue;
    await startPrint(deps.context, transfer.transferId, true);
    deps.context.printing.delete(transfer.transferId);
    reprinted.push(transfer.transferId);
  }
  return reprinted;
}
