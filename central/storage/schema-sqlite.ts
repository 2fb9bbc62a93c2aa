/**
 * Central's schema on SQLite: STRICT tables, money as INTEGER kopecks, numbered migrations in
 * steps of 10, applied in order by central/db.ts (PRAGMA user_version is the version).
 * storage/schema-postgres.ts is the same schema for PostgreSQL; every migration after 120 is
 * written for both.
 */
import { CONSOLE_SQLITE_SQL } from '../console/schema.ts';
import { FLEET_SQLITE_SQL } from '../console/schema-fleet.ts';
import { LETTERS_SQLITE_SQL } from '../payer/letters-schema.ts';
export type Migration = { version: number; sql: string };

/**
 * Search reads candidates by (facility, birth year): a few dozen to a few hundred rows even in
 * a crowded СИЗО of a million-row table, then ranks them by edit distance in memory. The index
 * covers the name keys, so ranking reads a few contiguous index pages instead of one random
 * table page per candidate (that took p99 from ~19 ms to well under it on 1 M rows).
 * Exported so a bulk load can drop the indexes and build them once, sorted, at the end.
 */
export const INMATE_INDEXES_SQL = `
  CREATE UNIQUE INDEX inmates_by_ref ON inmates(ref);
  CREATE INDEX inmates_search ON inmates(facility_id, birth_year, surname_key, name_key,
    patronymic_key);`;

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    sql: `
      CREATE TABLE regions (
        code TEXT PRIMARY KEY, name TEXT NOT NULL, capital TEXT NOT NULL,
        territorial_body TEXT NOT NULL, sort INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE facilities (
        id TEXT PRIMARY KEY, region_code TEXT NOT NULL REFERENCES regions(code),
        type TEXT NOT NULL, number INTEGER NOT NULL, short_name TEXT NOT NULL,
        full_name TEXT NOT NULL, aliases TEXT NOT NULL, address TEXT NOT NULL,
        phone TEXT NOT NULL, accounting TEXT NOT NULL, active INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX facilities_by_region ON facilities(region_code);
      CREATE TABLE inmates (
        ref TEXT NOT NULL, facility_id TEXT NOT NULL, surname TEXT NOT NULL,
        name TEXT NOT NULL, patronymic TEXT NOT NULL, birth_year INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'released', 'transferred')),
        surname_key TEXT NOT NULL, name_key TEXT NOT NULL, patronymic_key TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX inmates_by_ref ON inmates(ref);
      CREATE INDEX inmates_by_facility_year ON inmates(facility_id, birth_year);
    `,
  },
  {
    version: 20,
    sql: `
      CREATE TABLE terminals (
        id TEXT PRIMARY KEY, public_key_pem TEXT, enrolled_at_ms INTEGER,
        facility_ids TEXT NOT NULL, created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY, terminal_id TEXT NOT NULL REFERENCES terminals(id),
        issued_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL, used_at_ms INTEGER
      ) STRICT;
      CREATE TABLE nonces (
        terminal_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at_ms INTEGER NOT NULL,
        PRIMARY KEY (terminal_id, nonce)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE heartbeats (
        terminal_id TEXT PRIMARY KEY REFERENCES terminals(id),
        received_at_ms INTEGER NOT NULL, body TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 30,
    sql: `
      CREATE TABLE transfers (
        id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL REFERENCES terminals(id),
        fingerprint TEXT NOT NULL, response TEXT NOT NULL,
        inmate_ref TEXT NOT NULL, facility_id TEXT NOT NULL, recipient_masked TEXT NOT NULL,
        recipient_birth_year INTEGER NOT NULL, facility_name TEXT NOT NULL,
        deposited_kopecks INTEGER NOT NULL CHECK (deposited_kopecks > 0),
        amount_kopecks INTEGER NOT NULL CHECK (amount_kopecks > 0),
        commission_kopecks INTEGER NOT NULL CHECK (commission_kopecks >= 0),
        payer_account_id TEXT, receipt_number TEXT, kiosk_created_at_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('accepted', 'sent', 'credited', 'returned')),
        accepted_at_ms INTEGER NOT NULL, sent_at_ms INTEGER, credited_at_ms INTEGER,
        returned_at_ms INTEGER, return_reason TEXT,
        CHECK (deposited_kopecks = amount_kopecks + commission_kopecks)
      ) STRICT;
      CREATE INDEX transfers_by_status ON transfers(status, accepted_at_ms);
      CREATE TABLE collections (
        id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL REFERENCES terminals(id),
        fingerprint TEXT NOT NULL, response TEXT NOT NULL, body TEXT NOT NULL,
        total_kopecks INTEGER NOT NULL, received_at_ms INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 40,
    sql: `
      DROP INDEX inmates_by_facility_year;
      CREATE INDEX inmates_search ON inmates(facility_id, birth_year, surname_key, name_key,
        patronymic_key);
    `,
  },
  {
    version: 50,
    sql: `
      CREATE TABLE payer_accounts (
        id TEXT PRIMARY KEY, phone TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
        display_name TEXT NOT NULL, email TEXT, created_at_ms INTEGER NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0, locked_until_ms INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE payer_sessions (
        token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        terminal_id TEXT NOT NULL, expires_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE sms_codes (
        phone TEXT NOT NULL, purpose TEXT NOT NULL CHECK (purpose IN ('register', 'reset')),
        code_hash TEXT NOT NULL, sent_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, used INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX sms_codes_by_phone ON sms_codes(phone, purpose, sent_at_ms);
      CREATE TABLE payer_templates (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        label TEXT NOT NULL, inmate_ref TEXT NOT NULL, amount_kopecks INTEGER,
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX payer_templates_by_account ON payer_templates(account_id);
      CREATE TABLE wallet_entries (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        kind TEXT NOT NULL CHECK (kind IN ('top-up', 'transfer', 'letter')),
        delta_kopecks INTEGER NOT NULL, fingerprint TEXT NOT NULL, response TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX wallet_entries_by_account ON wallet_entries(account_id, created_at_ms);
      CREATE TABLE letters (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        terminal_id TEXT NOT NULL, inmate_ref TEXT NOT NULL, recipient_masked TEXT NOT NULL,
        facility_name TEXT NOT NULL, body TEXT NOT NULL, pages INTEGER NOT NULL,
        reply_blanks INTEGER NOT NULL, price_kopecks INTEGER NOT NULL,
        paid_from TEXT NOT NULL CHECK (paid_from IN ('wallet', 'cash')),
        status TEXT NOT NULL, fingerprint TEXT NOT NULL, response TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX letters_by_account ON letters(account_id, created_at_ms);
      CREATE TABLE support_messages (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        terminal_id TEXT NOT NULL, body TEXT NOT NULL, reply TEXT, created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX transfers_by_payer ON transfers(payer_account_id, accepted_at_ms);
    `,
  },
  {
    // Payer extras (payer/account-extras.ts): login by SMS code; support names a transfer.
    version: 60,
    sql: `
      CREATE TABLE payer_login_codes (
        phone TEXT NOT NULL, code_hash TEXT NOT NULL, sent_at_ms INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        used INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX payer_login_codes_by_phone ON payer_login_codes(phone, sent_at_ms);
      ALTER TABLE support_messages ADD COLUMN transfer_id TEXT;
      ALTER TABLE support_messages ADD COLUMN answered_at_ms INTEGER;
    `,
  },
  {
    // Transfers carry the kiosk's monotonic sequence: ordered by it, not its clock.
    version: 70,
    sql: `
      ALTER TABLE transfers ADD COLUMN kiosk_sequence INTEGER CHECK (kiosk_sequence > 0);
      CREATE INDEX transfers_by_terminal_sequence ON transfers(terminal_id, kiosk_sequence);
    `,
  },
  {
    // Wrong-secret throttle per (phone, client) (payer/attempts.ts), the terminals each payer
    // opened a session at (payer/payer-link.ts), and every SMS code asked for, for the caps of
    // payer/sms-budget.ts. payer_accounts.failed_logins and locked_until_ms are no longer read.
    version: 80,
    sql: `
      CREATE TABLE payer_attempts (
        phone TEXT NOT NULL, client TEXT NOT NULL, failures INTEGER NOT NULL,
        blocked_until_ms INTEGER NOT NULL, last_attempt_ms INTEGER NOT NULL,
        PRIMARY KEY (phone, client)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE payer_terminal_sessions (
        account_id TEXT NOT NULL REFERENCES payer_accounts(id), terminal_id TEXT NOT NULL,
        last_opened_ms INTEGER NOT NULL, PRIMARY KEY (account_id, terminal_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE sms_requests (
        phone TEXT NOT NULL, purpose TEXT NOT NULL, requested_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sms_requests_by_phone ON sms_requests(phone, requested_at_ms);
      CREATE INDEX sms_requests_by_time ON sms_requests(requested_at_ms);
    `,
  },
  {
    // An operator's changes to a terminal's configuration (central/terminal-config.ts); no row:
    // the defaults at version 1.
    version: 90,
    sql: `
      CREATE TABLE terminal_configs (
        terminal_id TEXT PRIMARY KEY, version INTEGER NOT NULL CHECK (version >= 1),
        overrides TEXT NOT NULL CHECK (json_valid(overrides)), updated_at_ms INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    // Day and month of birth (0 = not known), to tell apart people whose masked name, birth
    // year and facility are the same (central/search.ts tellApart); never answered.
    version: 100,
    sql: `
      ALTER TABLE inmates ADD COLUMN birth_day INTEGER NOT NULL DEFAULT 0
        CHECK (birth_day BETWEEN 0 AND 31);
      ALTER TABLE inmates ADD COLUMN birth_month INTEGER NOT NULL DEFAULT 0
        CHECK (birth_month BETWEEN 0 AND 12);
    `,
  },
  {
    // SMS copies of receipts (central/receipt-sms.ts): the kiosk's id, kept so that a retry
    // never sends twice, and the per-transfer cap.
    version: 110,
    sql: `
      CREATE TABLE receipt_sms (
        id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, transfer_id TEXT NOT NULL,
        phone TEXT NOT NULL, sent_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX receipt_sms_by_transfer ON receipt_sms(transfer_id);
    `,
  },
  {
    // Support without an account (central/guest-support.ts): the contact the answer goes to.
    version: 120,
    sql: `
      CREATE TABLE guest_support (
        id TEXT PRIMARY KEY, contact TEXT NOT NULL, transfer_ref TEXT, body TEXT NOT NULL,
        channel TEXT NOT NULL, reply TEXT, created_at_ms INTEGER NOT NULL,
        answered_at_ms INTEGER
      ) STRICT;
      CREATE INDEX guest_support_by_time ON guest_support(created_at_ms);
    `,
  },
  {
    // The fiscal document a kiosk's registrar issued for a transfer (central/fiscal-documents.ts):
    // one per transfer, and one transfer per document of a ФН.
    version: 130,
    sql: `
      CREATE TABLE transfer_fiscal (
        transfer_id TEXT PRIMARY KEY REFERENCES transfers(id), terminal_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('receipt', 'correction')),
        fd_number INTEGER NOT NULL CHECK (fd_number > 0),
        fiscal_sign INTEGER NOT NULL CHECK (fiscal_sign >= 0),
        fn_number TEXT NOT NULL, shift_number INTEGER NOT NULL, receipt_number INTEGER,
        issued_at TEXT NOT NULL, total_kopecks INTEGER NOT NULL CHECK (total_kopecks > 0),
        received_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX transfer_fiscal_by_document ON transfer_fiscal(fn_number, fd_number);
    `,
  },
  {
    // The search sweep guard
    // (central/search-guard.ts), created at start until now, becomes a migration (IF NOT
    // EXISTS: older databases have it), and the rate limits (central/rate-limit.ts) move from
    // process memory into the database, so several central processes share them: one row per
    // caller key, the time at which its bucket would be full again (GCRA).
    version: 140,
    sql: `
      CREATE TABLE IF NOT EXISTS search_guard (
        scope TEXT NOT NULL, name_hash TEXT NOT NULL, facility_id TEXT NOT NULL,
        birth_year INTEGER NOT NULL, at_ms INTEGER NOT NULL,
        PRIMARY KEY (scope, name_hash, facility_id, birth_year)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS search_guard_at ON search_guard (at_ms);
      CREATE TABLE IF NOT EXISTS search_guard_dates (
        scope TEXT NOT NULL, name_hash TEXT NOT NULL, facility_id TEXT NOT NULL,
        birth_year INTEGER NOT NULL, birth_date TEXT NOT NULL, at_ms INTEGER NOT NULL,
        PRIMARY KEY (scope, name_hash, facility_id, birth_year, birth_date)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS search_guard_dates_at ON search_guard_dates (at_ms);
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY, full_at_ms INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX rate_limits_by_time ON rate_limits (full_at_ms);
    `,
  },
  // The operator console (central/console/schema.ts).
  { version: 150, sql: CONSOLE_SQLITE_SQL },
  {
    // The roster fed by the facilities' registries (central/roster-feed.ts): who a person is
    // to their registry (person_id), when their current state took effect, the registries
    // and their enrolment codes, every record received (idempotency by id and version), the
    // history of moves, and what happened to pending transfers when their recipient moved or
    // was released (central/routing.ts).
    version: 160,
    sql: `
      ALTER TABLE inmates ADD COLUMN person_id TEXT;
      ALTER TABLE inmates ADD COLUMN state_at_ms INTEGER NOT NULL DEFAULT 0;
      CREATE UNIQUE INDEX inmates_by_person ON inmates(person_id);
      CREATE TABLE roster_registries (
        id TEXT PRIMARY KEY, public_key_pem TEXT, facility_ids TEXT NOT NULL,
        enrolled_at_ms INTEGER, created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE roster_registry_codes (
        code_hash TEXT PRIMARY KEY, registry_id TEXT NOT NULL REFERENCES roster_registries(id),
        issued_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL, used_at_ms INTEGER
      ) STRICT;
      CREATE TABLE roster_records (
        record_id TEXT PRIMARY KEY, version INTEGER NOT NULL CHECK (version >= 1),
        registry_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('arrival', 'transfer', 'release', 'correction')),
        person_id TEXT NOT NULL, effective_at_ms INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'superseded')),
        received_at_ms INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE inmate_moves (
        record_id TEXT NOT NULL, version INTEGER NOT NULL, inmate_ref TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('arrival', 'transfer', 'release')),
        from_facility_id TEXT, to_facility_id TEXT, effective_at_ms INTEGER NOT NULL,
        recorded_at_ms INTEGER NOT NULL, PRIMARY KEY (record_id, version)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX inmate_moves_by_inmate ON inmate_moves(inmate_ref, effective_at_ms);
      CREATE TABLE transfer_routes (
        transfer_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('followed', 'returned')),
        from_facility_id TEXT NOT NULL, to_facility_id TEXT, cause TEXT NOT NULL,
        routed_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX transfer_routes_by_transfer ON transfer_routes(transfer_id);
      CREATE INDEX transfers_by_inmate ON transfers(inmate_ref, status);
    `,
  },
  {
    // The payer's own app (docs/PAYER-APP.md): wallet top-ups by card or СБП through a payment
    // provider (central/payer/card-top-ups.ts), each provider payment credited at most once
    // (provider_credits' primary key and its unique wallet entry), and the one-time SMS codes
    // that confirm each payment from the wallet made in the app (central/payer/payment-codes.ts);
    // transfers found by their short id (the last 8 hex digits) for tracking by a receipt.
    version: 190,
    sql: `
      CREATE TABLE card_top_ups (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        method TEXT NOT NULL CHECK (method IN ('card', 'sbp')),
        amount_kopecks INTEGER NOT NULL CHECK (amount_kopecks > 0),
        provider TEXT NOT NULL, provider_payment_id TEXT UNIQUE, confirmation_url TEXT,
        status TEXT NOT NULL CHECK (status IN ('created', 'pending', 'succeeded', 'canceled')),
        fingerprint TEXT NOT NULL, created_at_ms INTEGER NOT NULL, checked_at_ms INTEGER,
        settled_at_ms INTEGER
      ) STRICT;
      CREATE INDEX card_top_ups_by_account ON card_top_ups(account_id, created_at_ms);
      CREATE INDEX card_top_ups_by_status ON card_top_ups(status, created_at_ms);
      CREATE TABLE provider_credits (
        provider TEXT NOT NULL, provider_payment_id TEXT NOT NULL,
        top_up_id TEXT NOT NULL UNIQUE REFERENCES card_top_ups(id),
        wallet_entry_id TEXT NOT NULL UNIQUE REFERENCES wallet_entries(id),
        amount_kopecks INTEGER NOT NULL CHECK (amount_kopecks > 0),
        credited_at_ms INTEGER NOT NULL, PRIMARY KEY (provider, provider_payment_id)
      ) STRICT;
      CREATE TABLE payment_codes (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        transfer_id TEXT NOT NULL, payment_hash TEXT NOT NULL, code_hash TEXT NOT NULL,
        sent_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, used INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX payment_codes_by_transfer ON payment_codes(account_id, transfer_id, sent_at_ms);
      CREATE INDEX transfers_by_short_id ON transfers(substr(id, 29));
    `,
  },
  // Remote commands, configuration layers and groups, alert facts (central/console/schema-fleet.ts).
  { version: 200, sql: FLEET_SQLITE_SQL },
  // Letters delivered and answered, their replies, the facility-staff role (central/payer/letters-schema.ts).
  { version: 210, sql: LETTERS_SQLITE_SQL },
  {
    // The sender's name (set once by the payer, then locked) on their account and, copied at
    // creation, on each transfer they send; the SMS notifications a payer chose, and one row per
    // notification sent, whose key makes a repeated event (a credit asked twice) one SMS
    // (central/payer/notifications.ts); a phone change's codes, bound to the account and the
    // new number, and the time an account was deleted (central/payer/account-lifecycle.ts,
    // docs/PAYER-APP.md); a facility's transfers by status, for its accounting's list.
    version: 220,
    sql: `
      ALTER TABLE payer_accounts ADD COLUMN sender_name TEXT;
      ALTER TABLE payer_accounts ADD COLUMN sender_name_set_at_ms INTEGER;
      ALTER TABLE transfers ADD COLUMN sender_name TEXT;
      CREATE TABLE payer_notify_prefs (
        account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        kind TEXT NOT NULL CHECK (kind IN ('transfer-credited', 'transfer-returned', 'support-answer', 'letter-reply')),
        sms INTEGER NOT NULL CHECK (sms IN (0, 1)), changed_at_ms INTEGER NOT NULL,
        PRIMARY KEY (account_id, kind)
      ) STRICT;
      CREATE TABLE payer_notifications (
        event_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        kind TEXT NOT NULL, sent_at_ms INTEGER NOT NULL
      ) STRICT;
      ALTER TABLE payer_accounts ADD COLUMN deleted_at_ms INTEGER;
      CREATE TABLE payer_phone_codes (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES payer_accounts(id),
        phone TEXT NOT NULL,
        code_hash TEXT NOT NULL, sent_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, used INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX payer_phone_codes_by_account ON payer_phone_codes (account_id, phone, sent_at_ms);
      CREATE INDEX transfers_by_facility_status ON transfers (facility_id, status, accepted_at_ms);
    `,
  },
];
