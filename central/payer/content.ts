/** A payer's profile, saved recipients (templates), history and support messages. */
import { randomBytes } from 'node:crypto';
import { maskedName } from '../../common/names.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { CentralDb } from '../db.ts';
import { type ApiError, apiError } from '../errors.ts';
import type { TransferStore, TransferView } from '../transfers.ts';

const TEMPLATES_MAX = 50;
const HISTORY_MAX = 100;
const SUPPORT_LISTED_MAX = 50;

export type PayerContent = ReturnType<typeof createPayerContent>;

export function createPayerContent(db: CentralDb, transfers: TransferStore) {
  const account = db.prepare(
    'SELECT id, phone, display_name, email, created_at_ms FROM payer_accounts WHERE id = ?',
  );
  const updateProfile = db.prepare(
    `UPDATE payer_accounts SET display_name = COALESCE(?, display_name),
       email = CASE WHEN ? THEN ? ELSE email END WHERE id = ?`,
  );
  const recipient = db.prepare(
    `SELECT i.surname, i.name, i.patronymic, i.facility_id, f.short_name FROM inmates i
       JOIN facilities f ON f.id = i.facility_id WHERE i.ref = ?`,
  );
  const templates = db.prepare(
    'SELECT * FROM payer_templates WHERE account_id = ? ORDER BY created_at_ms, rowid',
  );
  const countTemplates = db.prepare(
    'SELECT COUNT(*) AS n FROM payer_templates WHERE account_id = ?',
  );
  const insertTemplate = db.prepare(
    `INSERT INTO payer_templates (id, account_id, label, inmate_ref, amount_kopecks, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const deleteTemplate = db.prepare('DELETE FROM payer_templates WHERE id = ? AND account_id = ?');
  const transferIds = db.prepare(
    `SELECT id FROM transfers WHERE payer_account_id = ? ORDER BY accepted_at_ms DESC
       LIMIT ${HISTORY_MAX}`,
  );
  const letters = db.prepare(
    `SELECT response, status FROM letters WHERE account_id = ? ORDER BY created_at_ms DESC
       LIMIT ${HISTORY_MAX}`,
  );
  const insertSupport = db.prepare(
    `INSERT INTO support_messages (id, account_id, terminal_id, body, created_at_ms)
       VALUES (?, ?, ?, ?, ?)`,
  );
  const supportMessages = db.prepare(
    `SELECT id, body, reply, created_at_ms FROM support_messages WHERE account_id = ?
       ORDER BY created_at_ms DESC LIMIT ${SUPPORT_LISTED_MAX}`,
  );

  type TemplateRow = {
    id: string;
    label: string;
    inmate_ref: string;
    amount_kopecks: number | null;
    created_at_ms: number;
  };
  type Recipient = {
    surname: string;
    name: string;
    patronymic: string;
    facility_id: string;
    short_name: string;
  };

  const templateView = (row: TemplateRow) => {
    const person = recipient.get(row.inmate_ref) as Recipient | undefined;
    return {
      templateId: row.id,
      label: row.label,
      inmateRef: row.inmate_ref,
      recipientMasked: person ? maskedName(person.surname, person.name, person.patronymic) : '',
      facilityId: person?.facility_id ?? '',
      facilityName: person?.short_name ?? '',
      amountKopecks: row.amount_kopecks,
      createdAtMs: row.created_at_ms,
    };
  };

  return {
    profile(accountId: string, walletKopecks: number) {
      const row = account.get(accountId) as {
        id: string;
        phone: string;
        display_name: string;
        email: string | null;
        created_at_ms: number;
      };
      return {
        accountId: row.id,
        phone: row.phone,
        displayName: row.display_name,
        email: row.email,
        createdAtMs: row.created_at_ms,
        walletKopecks,
      };
    },

    updateProfile(accountId: string, input: { displayName?: string; email?: string | null }) {
      const emailGiven = input.email !== undefined ? 1 : 0;
      updateProfile.run(
        input.displayName?.trim() ?? null,
        emailGiven,
        input.email ?? null,
        accountId,
      );
    },

    templates: (accountId: string) => (templates.all(accountId) as TemplateRow[]).map(templateView),

    addTemplate(
      accountId: string,
      input: { label: string; inmateRef: string; amountKopecks?: number | null },
      nowMs: number,
    ): Result<ReturnType<typeof templateView>, ApiError> {
      if (recipient.get(input.inmateRef) === undefined) {
        return err(apiError(422, 'unknown-recipient', 'no inmate has this inmateRef'));
      }
      const count = (countTemplates.get(accountId) as { n: number }).n;
      if (count >= TEMPLATES_MAX) {
        return err(apiError(422, 'too-many-templates', `at most ${TEMPLATES_MAX} templates`));
      }
      const row: TemplateRow = {
        id: `t${randomBytes(8).toString('hex')}`,
        label: input.label.trim(),
        inmate_ref: input.inmateRef,
        amount_kopecks: input.amountKopecks ?? null,
        created_at_ms: nowMs,
      };
      insertTemplate.run(row.id, accountId, row.label, row.inmate_ref, row.amount_kopecks, nowMs);
      return ok(templateView(row));
    },

    deleteTemplate(accountId: string, templateId: string): boolean {
      return Number(deleteTemplate.run(templateId, accountId).changes) > 0;
    },

    history(accountId: string) {
      const ids = transferIds.all(accountId) as { id: string }[];
      const transferViews = ids
        .map(({ id }) => transfers.get(id))
        .filter((view): view is TransferView => view !== null);
      const letterViews = (letters.all(accountId) as { response: string; status: string }[]).map(
        (row) => ({ ...(JSON.parse(row.response) as Record<string, unknown>), status: row.status }),
      );
      return { transfers: transferViews, letters: letterViews };
    },

    addSupportMessage(accountId: string, terminalId: string, text: string, nowMs: number) {
      const messageId = `m${randomBytes(8).toString('hex')}`;
      insertSupport.run(messageId, accountId, terminalId, text, nowMs);
      return { messageId, text, reply: null, createdAtMs: nowMs };
    },

    supportMessages: (accountId: string) =>
      (
        supportMessages.all(accountId) as {
          id: string;
          body: string;
          reply: string | null;
          created_at_ms: number;
        }[]
      ).map((row) => ({
        messageId: row.id,
        text: row.body,
        reply: row.reply,
        createdAtMs: row.created_at_ms,
      })),
  };
}
