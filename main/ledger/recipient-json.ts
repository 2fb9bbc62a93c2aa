import { type Recipient, RecipientSchema } from '../../common/contract/payment.ts';
import { LedgerRowError } from './rows.ts';

/**
 * The one place a stored recipient (deposit_session.recipient_json, transfer.recipient_json and
 * the outbox payload's `recipient`) becomes a `Recipient` and back.
 *
 * From ledger version 70 a stored recipient names its kind, as `Recipient` does. Rows written
 * before carry none and are frozen (append-only tables), so they are read here as they are:
 * an inmate was its plain fields, and a wallet top-up was dressed as an inmate whose reference
 * was `wallet:<accountId>` and whose masked name was «Кошелёк <masked phone>».
 */
const legacyWalletRefPrefix = 'wallet:';
const legacyWalletNamePrefix = /^Кошелёк\s+/;

/** What a recipient is stored as: the contract's shape, with its kind. */
export function recipientJson(recipient: Recipient): string {
  return JSON.stringify(recipient);
}

/**
 * A stored recipient with its kind named: one written before kinds existed is read as the old
 * builds meant it. Anything else is returned as it is, for the schema to judge.
 */
export function withStoredKind(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || 'kind' in value) {
    return value;
  }
  const stored = value as { inmateRef?: unknown; maskedName?: unknown };
  const ref = stored.inmateRef;
  if (typeof ref !== 'string' || !ref.startsWith(legacyWalletRefPrefix)) {
    return { ...value, kind: 'inmate' };
  }
  const maskedPhone =
    typeof stored.maskedName === 'string'
      ? stored.maskedName.replace(legacyWalletNamePrefix, '')
      : undefined;
  return {
    kind: 'wallet',
    accountId: ref.slice(legacyWalletRefPrefix.length),
    ...(maskedPhone === undefined ? {} : { maskedPhone }),
  };
}

/** A journal row's recipient_json, new or old; a row that does not parse is a corrupt file. */
export function parseRecipientJson(json: string): Recipient {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new LedgerRowError('ledger row: recipient_json is not JSON');
  }
  const parsed = RecipientSchema.safeParse(withStoredKind(value));
  if (!parsed.success) throw new LedgerRowError(`ledger row: recipient: ${parsed.error.message}`);
  return parsed.data;
}
