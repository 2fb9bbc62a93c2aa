import { type LetterTerms, parseLetterTermsJson } from '../../common/letter.ts';
import { parseRecipientJson } from './recipient-json.ts';
import {
  intColumn,
  intOrNullColumn,
  kopecksColumn,
  LedgerRowError,
  oneOf,
  type Row,
  textColumn,
  textOrNullColumn,
} from './rows.ts';
import {
  type IntentOutcome,
  outcomeKinds,
  receiptStates,
  type SessionRecord,
  type StackIntent,
  type TransferRecord,
} from './journal-types.ts';

function letterColumn(row: Row, name: string): LetterTerms | null {
  const json = textOrNullColumn(row, name);
  if (json === null) return null;
  const parsed = parseLetterTermsJson(json);
  if (!parsed.ok) throw new LedgerRowError(`ledger row: ${name}: ${parsed.error}`);
  return parsed.value;
}

export function sessionFromRow(row: Row): SessionRecord {
  // NULL on sessions opened before central's configuration was applied.
  const configVersion = intOrNullColumn(row, 'config_version');
  return {
    sessionId: textColumn(row, 'id'),
    recipient: parseRecipientJson(textColumn(row, 'recipient_json')),
    payerAccountId: textOrNullColumn(row, 'payer_account_id'),
    senderName: textOrNullColumn(row, 'sender_name'),
    terms: {
      depositKopecksMax: kopecksColumn(row, 'deposit_kopecks_max'),
      commissionBasisPoints: intColumn(row, 'commission_basis_points'),
      commissionMinKopecks: kopecksColumn(row, 'commission_min_kopecks'),
      ...(configVersion === null ? {} : { configVersion }),
    },
    openedAtMs: intColumn(row, 'opened_at_ms'),
    letter: letterColumn(row, 'letter_json'),
  };
}

export function intentFromRow(row: Row): StackIntent {
  return {
    intentId: intColumn(row, 'id'),
    sessionId: textColumn(row, 'session_id'),
    billType: intColumn(row, 'bill_type'),
    noteKopecks: kopecksColumn(row, 'note_kopecks'),
    createdAtMs: intColumn(row, 'created_at_ms'),
  };
}

export function outcomeFromRow(row: Row): IntentOutcome {
  return {
    outcomeId: intColumn(row, 'id'),
    intentId: intColumn(row, 'intent_id'),
    kind: oneOf(row, 'kind', outcomeKinds),
    billType: intColumn(row, 'bill_type'),
    // The column predates the glossary: in intent_outcome it holds one note, not a net sum.
    noteKopecks: kopecksColumn(row, 'credited_kopecks'),
    atMs: intColumn(row, 'at_ms'),
  };
}

export function transferFromRow(row: Row): TransferRecord {
  const recovered = intColumn(row, 'recovered');
  return {
    transferId: textColumn(row, 'id'),
    sessionId: textColumn(row, 'session_id'),
    acceptedKopecks: kopecksColumn(row, 'accepted_kopecks'),
    commissionKopecks: kopecksColumn(row, 'commission_kopecks'),
    creditedKopecks: kopecksColumn(row, 'credited_kopecks'),
    recipient: parseRecipientJson(textColumn(row, 'recipient_json')),
    payerAccountId: textOrNullColumn(row, 'payer_account_id'),
    senderName: textOrNullColumn(row, 'sender_name'),
    recovered: recovered === 1,
    receiptState: oneOf(row, 'receipt_state', receiptStates),
    createdAtMs: intColumn(row, 'created_at_ms'),
    letter: letterColumn(row, 'letter_json'),
  };
}
