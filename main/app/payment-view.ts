import type { DepositView as ContractDepositView } from '../../common/contract.ts';
import type { DepositView } from '../core/deposit-types.ts';

/** The deposit session as the contract carries it to the screens. */
export function contractView(view: DepositView): ContractDepositView {
  return {
    sessionId: view.sessionId,
    state: view.state,
    recipient: view.recipient,
    acceptedKopecks: view.acceptedKopecks,
    commissionKopecks: view.commissionKopecks,
    creditedKopecks: view.creditedKopecks,
    remainingKopecks: view.remainingKopecks,
    depositKopecksMax: view.depositKopecksMax,
    notes: [...view.notes],
    lastRejection: view.lastRejection,
    noteInProgress: view.noteInProgress,
    acceptorCode: view.acceptorCode,
    canPay: view.canPay,
    canCancel: view.canCancel,
    letter: view.letter,
  };
}
