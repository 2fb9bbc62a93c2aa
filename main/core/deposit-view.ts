import { commissionKopecks, subtractKopecks } from '../../common/money.ts';
import { type DepositState, remainingKopecks, sessionOf } from './deposit-state.ts';
import type { DepositView } from './deposit-types.ts';

export function viewOf(state: DepositState): DepositView | null {
  const phase = state.phase;
  const session = sessionOf(phase);
  if (phase.kind === 'idle' || session === null) return null;
  const { commissionBasisPoints, commissionMinKopecks } = session.terms;
  const commission = commissionKopecks(
    session.acceptedKopecks,
    commissionBasisPoints,
    commissionMinKopecks,
  );
  const accepting = phase.kind === 'accepting';
  const noteInProgress = session.inFlight.length > 0;
  const view: DepositView = {
    sessionId: session.sessionId,
    state: phase.kind,
    recipient: session.recipient,
    terms: session.terms,
    acceptedKopecks: session.acceptedKopecks,
    commissionKopecks: commission,
    creditedKopecks: subtractKopecks(session.acceptedKopecks, commission),
    remainingKopecks: remainingKopecks(session),
    depositKopecksMax: session.terms.depositKopecksMax,
    notes: session.notes,
    lastRejection: session.lastRejection,
    noteInProgress,
    canPay: accepting && (session.acceptedKopecks > 0 || noteInProgress),
    canCancel: accepting && session.acceptedKopecks === 0 && !noteInProgress,
    acceptorCondition: state.acceptorCondition,
    acceptorCode: state.acceptorCondition.kind,
    letter: session.letter?.terms ?? null,
  };
  if (phase.kind === 'completed') view.transferId = phase.transferId;
  return view;
}
