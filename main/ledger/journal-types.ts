import type { LetterTerms } from '../../common/letter.ts';
import type { Kopecks } from '../../common/money.ts';
import type { DepositTerms, Recipient } from '../core/deposit-types.ts';

export type SessionRecord = {
  sessionId: string;
  recipient: Recipient;
  payerAccountId: string | null;
  /** The logged-in payer's name as central's account holds it; null: anonymous. */
  senderName: string | null;
  terms: DepositTerms;
  openedAtMs: number;
  /** A letter this cash is to pay (the recipient is then the payer's wallet); no text here. */
  letter: LetterTerms | null;
};

export type SessionStatus = 'open' | 'transferred' | 'cancelled';

export type StackIntent = {
  intentId: number;
  sessionId: string;
  billType: number;
  noteKopecks: Kopecks;
  createdAtMs: number;
};

export type OutcomeKind = 'stacked' | 'returned' | 'unresolved';
export const outcomeKinds: readonly OutcomeKind[] = ['stacked', 'returned', 'unresolved'];

export type IntentOutcome = {
  outcomeId: number;
  intentId: number;
  kind: OutcomeKind;
  billType: number;
  /** The one note this outcome put into the cassette; 0 when it was returned. */
  noteKopecks: Kopecks;
  atMs: number;
};

export type ReceiptState = 'pending' | 'printed' | 'unprinted';
export const receiptStates: readonly ReceiptState[] = ['pending', 'printed', 'unprinted'];

export type TransferRecord = {
  transferId: string;
  sessionId: string;
  /** Cash taken = commissionKopecks + creditedKopecks. */
  acceptedKopecks: Kopecks;
  commissionKopecks: Kopecks;
  /** What reaches the recipient. */
  creditedKopecks: Kopecks;
  recipient: Recipient;
  payerAccountId: string | null;
  /** Printed as «Отправитель: …»; null: anonymous (or written before migration 0110). */
  senderName: string | null;
  recovered: boolean;
  receiptState: ReceiptState;
  createdAtMs: number;
  /** The session's letter; paid only when the cash covered its price (letterIsPaid). */
  letter: LetterTerms | null;
};

export type CancelReason = 'payer' | 'idle-timeout' | 'recovery';

export type SessionCredit = {
  intentId: number;
  kind: 'stacked' | 'unresolved';
  billType: number;
  noteKopecks: Kopecks;
  atMs: number;
};

/** A session as the journal knows it: terms, credits so far, and whether a note is in flight. */
export type SessionState = SessionRecord & {
  status: SessionStatus;
  credits: readonly SessionCredit[];
  acceptedKopecks: Kopecks;
  openIntentCount: number;
};
