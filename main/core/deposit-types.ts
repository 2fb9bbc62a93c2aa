import type { LetterTerms } from '../../common/letter.ts';
import type { AcceptorCondition } from '../../common/ports.ts';
import type { Kopecks } from '../../common/money.ts';
import type { Recipient } from '../../common/contract/payment.ts';

/** Who receives the transfer: the contract's shape, so what the screen confirmed is stored. */
export { type Recipient, RecipientSchema } from '../../common/contract/payment.ts';

/** The money terms of one session, fixed when it opens and stored with it. */
export type DepositTerms = {
  depositKopecksMax: Kopecks;
  commissionBasisPoints: number;
  commissionMinKopecks: Kopecks;
  /**
   * The version of central's terminal configuration these terms came from; absent on sessions
   * opened before central's configuration was applied, and in tests without one.
   */
  configVersion?: number;
};

export type DepositConfig = Omit<DepositTerms, 'configVersion'> & {
  /** Read when a session opens; null: no configuration from central. */
  configVersion?: number | null;
  /** Denominations the operator allows; others are never enabled on the device. */
  enabledNoteKopecks: readonly Kopecks[];
  /**
   * Denominations whose newer series may be taken. When the device's bill table lists one
   * value under several bill types, the lowest type is the established series and the others
   * are newer ones (added by a firmware update); those stay off unless listed here.
   */
  newSeriesNoteKopecks?: readonly Kopecks[];
};

export type AcceptedNote = { noteKopecks: Kopecks; atMs: number };

export type DepositPhase = 'accepting' | 'settling' | 'completed' | 'cancelled';

/** What the payer's screen shows; derived from the machine state, never stored. */
export type DepositView = {
  sessionId: string;
  state: DepositPhase;
  recipient: Recipient;
  /** Cap and commission, shown before any cash (docs/ARCHITECTURE.md §4, step 1). */
  terms: DepositTerms;
  acceptedKopecks: Kopecks;
  commissionKopecks: Kopecks;
  creditedKopecks: Kopecks;
  remainingKopecks: Kopecks;
  depositKopecksMax: Kopecks;
  notes: readonly AcceptedNote[];
  /** 'over-limit', 'note-not-accepted' or the acceptor's reject reason. */
  lastRejection: { reason: string; atMs: number } | null;
  /** A note is between escrow and its outcome: Pay waits for it, nothing may cancel. */
  noteInProgress: boolean;
  canPay: boolean;
  canCancel: boolean;
  acceptorCondition: AcceptorCondition;
  acceptorCode: string;
  /** Set once the transfer is committed. */
  transferId?: string;
  /** The letter this cash pays, if any: the screen shows its price and what stays on the wallet. */
  letter: LetterTerms | null;
};
