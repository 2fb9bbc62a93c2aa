import { assert, assertNever } from '../../common/assert.ts';
import type { AcceptorError } from '../../common/ports.ts';
import type { Result } from '../../common/result.ts';
import type { DepositEffect, Session } from '../core/deposit-machine.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { FiscalTerms } from '../core/fiscal-receipt.ts';
import type { DepositLog, FiscalTermsOf, ReceiptPrinter } from './deposit-deps.ts';

export type EffectContext = {
  ledger: Ledger;
  acceptor: {
    enable(billTypes: readonly number[]): Promise<Result<void, AcceptorError>>;
    disable(): Promise<Result<void, AcceptorError>>;
    stack(): Promise<Result<void, AcceptorError>>;
    returnNote(): Promise<Result<void, AcceptorError>>;
  };
  receipts: ReceiptPrinter;
  log: DepositLog;
  /** Prints in flight, by transfer id: Pay awaits its own; the loop never waits on paper. */
  printing: Map<string, Promise<'printed' | 'unprinted'>>;
  /** Named points where the crash tests pause or die (no-op in production). */
  checkpoint: (name: CrashPoint) => void;
  /** The fiscal receipt's terms to write with each commit (a fiscal kiosk only). */
  fiscalTerms?: FiscalTermsOf | undefined;
};

/** The fiscal terms of a session's payment, when the kiosk fiscalises. */
export function fiscalTermsFor(
  context: Pick<EffectContext, 'ledger' | 'fiscalTerms'>,
  transferId: string,
  sessionId: string,
): FiscalTerms | null {
  if (context.fiscalTerms === undefined) return null;
  const session = context.ledger.sessionState(sessionId);
  if (session === null) return null;
  const terms = context.fiscalTerms(transferId, session.recipient);
  // Frozen with the payment like the rest: a receipt issued after a crash names the same sender.
  return terms === null || session.senderName === null || session.recipient.kind !== 'inmate'
    ? terms
    : { ...terms, senderName: session.senderName };
}

export type CrashPoint =
  | 'before-intent'
  | 'after-intent'
  | 'after-stack-sent'
  | 'after-credit'
  | 'before-commit'
  | 'after-commit'
  | 'after-print';

/** Thrown when the stack intent could not be written: the caller must return the note. */
export class IntentNotWrittenError extends Error {
  override name = 'IntentNotWrittenError';
}

/**
 * Carries out one transition's effects strictly in order, awaiting each. A ledger write throws
 * (the event is then not acknowledged to the device, which re-reports it); a device command
 * that fails is logged: the device's own timeouts (escrow return after 10 s) keep money safe.
 */
export async function runEffects(
  context: EffectContext,
  effects: readonly DepositEffect[],
): Promise<void> {
  for (const effect of effects) {
    await runEffect(context, effect);
  }
}

async function runEffect(context: EffectContext, effect: DepositEffect): Promise<void> {
  const { ledger, acceptor, log } = context;
  switch (effect.kind) {
    case 'ledger.open-session':
      ledger.openSession(
        sessionRecord(effect.session, effect.atMs),
        effect.session.letter?.text ?? null,
      );
      return;
    case 'ledger.intent':
      writeIntent(context, effect);
      return;
    case 'ledger.stacked': {
      const { billType, noteKopecks, atMs } = effect;
      const result = ledger.resolveOldestIntent({ kind: 'stacked', billType, noteKopecks, atMs });
      assert(result.kind === 'resolved', 'machine had a note in flight, ledger has no open intent');
      context.checkpoint('after-credit');
      return;
    }
    case 'ledger.returned': {
      const result = ledger.resolveOldestIntent({
        kind: 'returned',
        billType: effect.billType,
        atMs: effect.atMs,
      });
      assert(result.kind === 'resolved', 'machine had a note in flight, ledger has no open intent');
      return;
    }
    case 'ledger.unmatched-stacked':
      ledger.recordUnmatchedStacked(effect);
      ledger.audit.append({
        atMs: effect.atMs,
        actor: 'system',
        action: 'unmatched-stacked',
        detail: { billType: effect.billType, noteKopecks: effect.noteKopecks },
      });
      return;
    case 'ledger.cancel': {
      const result = ledger.cancelSession(effect.sessionId, effect.reason, effect.atMs);
      assert(result.ok, `cancel refused by the ledger: ${JSON.stringify(result)}`);
      return;
    }
    case 'ledger.commit':
      commit(context, effect);
      return;
    case 'acceptor.enable':
      logFailure(log, 'enable', await acceptor.enable(effect.billTypes));
      return;
    case 'acceptor.disable':
      logFailure(log, 'disable', await acceptor.disable());
      return;
    case 'acceptor.stack':
      logFailure(log, 'stack', await acceptor.stack());
      context.checkpoint('after-stack-sent');
      return;
    case 'acceptor.return':
      logFailure(log, 'return', await acceptor.returnNote());
      return;
    case 'receipt.print':
      // Not awaited: the loop keeps serving the device while paper moves; Pay awaits it.
      void startPrint(context, effect.transferId, false);
      return;
    case 'log':
      log[effect.level]({}, effect.message);
      return;
    default:
      assertNever(effect, 'deposit effect');
  }
}

function writeIntent(
  context: EffectContext,
  effect: Extract<DepositEffect, { kind: 'ledger.intent' }>,
) {
  context.checkpoint('before-intent');
  try {
    context.ledger.writeIntent({
      sessionId: effect.sessionId,
      billType: effect.note.billType,
      noteKopecks: effect.note.noteKopecks,
      atMs: effect.atMs,
    });
  } catch (error) {
    context.log.error({ error: String(error) }, 'stack intent not written: will return the note');
    throw new IntentNotWrittenError(String(error));
  }
  context.checkpoint('after-intent');
}

function commit(context: EffectContext, effect: Extract<DepositEffect, { kind: 'ledger.commit' }>) {
  context.checkpoint('before-commit');
  const result = context.ledger.commitTransfer({
    transferId: effect.transferId,
    sessionId: effect.sessionId,
    recovered: false,
    createdAtMs: effect.atMs,
    fiscal: fiscalTermsFor(context, effect.transferId, effect.sessionId),
  });
  assert(result.ok, `transfer refused by the ledger: ${JSON.stringify(result)}`);
  // Pair assertion: the machine's running total and the journal's sum agree.
  assert(result.value.acceptedKopecks === effect.acceptedKopecks, 'commit: machine != journal');
  context.checkpoint('after-commit');
  context.log.info(
    { transferId: effect.transferId, acceptedKopecks: effect.acceptedKopecks },
    'transfer committed',
  );
}

export function startPrint(context: EffectContext, transferId: string, recovered: boolean) {
  const printing = context.receipts
    .printTransferReceipt(transferId, { recovered })
    .catch((error: unknown) => {
      context.log.error({ transferId, error: String(error) }, 'receipt printer threw');
      return 'unprinted' as const;
    })
    .then((outcome) => {
      try {
        context.ledger.markReceipt(transferId, outcome);
      } catch (error) {
        // The transfer stays 'pending' and recovery reprints it: a duplicate beats none.
        context.log.error({ transferId, error: String(error) }, 'receipt state not saved');
      }
      context.checkpoint('after-print');
      return outcome;
    });
  context.printing.set(transferId, printing);
  return printing;
}

function logFailure(log: DepositLog, command: string, result: Result<void, AcceptorError>) {
  if (!result.ok) log.warn({ command, error: result.error }, 'bill acceptor command failed');
}

export function sessionRecord(session: Session, openedAtMs: number) {
  return {
    sessionId: session.sessionId,
    recipient: session.recipient,
    payerAccountId: session.payerAccountId,
    senderName: session.senderName,
    terms: session.terms,
    openedAtMs,
    letter: session.letter?.terms ?? null,
  };
}
