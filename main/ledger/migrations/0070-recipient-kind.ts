import type { Migration } from './registry.ts';

const namesItsKind = (column: string) =>
  `json_extract(NEW.${column}, '$.kind') IS NOT NULL
    AND json_extract(NEW.${column}, '$.kind') IN ('inmate', 'wallet')`;

/**
 * From this version a stored recipient names its kind ('inmate' | 'wallet'), as the contract's
 * `Recipient` does; before, a wallet top-up was stored dressed as an inmate. Rows already
 * written stay as they are (the tables are append-only and frozen) and are read by
 * main/ledger/recipient-json.ts. The version also keeps an older build, which would misread a
 * wallet that names its kind, from opening the file (migrate refuses a newer database).
 * Only INSERT triggers are added: nothing here touches an existing row.
 */
export const migration0070: Migration = {
  version: 70,
  name: '0070-recipient-kind',
  sql: `
CREATE TRIGGER deposit_session_recipient_kind BEFORE INSERT ON deposit_session
  WHEN NOT (${namesItsKind('recipient_json')})
BEGIN SELECT RAISE(ABORT, 'deposit_session: recipient must name its kind'); END;
CREATE TRIGGER transfer_recipient_kind BEFORE INSERT ON transfer
  WHEN NOT (${namesItsKind('recipient_json')})
BEGIN SELECT RAISE(ABORT, 'transfer: recipient must name its kind'); END;
`,
};
