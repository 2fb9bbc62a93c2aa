/** A payer's profile, saved recipients (templates), history and support messages. */
import { randomBytes } from 'node:crypto';
import type { SenderNameSet } from '../../common/central-wire-payer.ts';
import { displayNamePart, maskedName } from '../../common/names.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { type CentralDb, statement } from '../db.ts';
import { type ApiError, apiError } from '../errors.ts';
import type { TransferStore, TransferView } from '../transfers.ts';

const TEMPLATES_MAX = 50;
const HISTORY_MAX = 100;
const SUPPORT_LISTED_MAX = 50;

export type PayerContent = ReturnType<typeof createPayerContent>;

export function createPayerContent(db: CentralDb, transfers: TransferStore) {
  const account = statement(
    db,
    `SELECT id, phone, display_name, email, created_at_ms, sender_name FROM payer_accounts
       WHERE id = ?`,
  );
  // Only while unset: the WHERE makes the lock hold even for two requests at once.
  const setSenderName = statement(
    db,
    `UPDATE payer_accounts SET sender_name = ?, sender_name_set_at_ms = ?
       WHERE id = ? AND sender_name IS NULL`,
  );
  const updateProfile = statement(
    db,
    `UPDATE payer_accounts SET display_name = COALESCE(?, display_name),
       email = CASE WHEN ? THEN ? ELSE email END WHERE id = ?`,
  );
  const recipient = statement(
    db,
    `SELECT i.surname, i.name, i.patronymic, i.facility_id, f.short_name FROM inmates i
       JOIN facilities f ON f.id = i.facility_id WHERE i.ref = ?`,
  );
  const templates = statement(
    db,
    'SELECT * FROM payer_templates WHERE account_id = ? ORDER BY created_at_ms, rowid',
  );
  const countTemplates = statement(
    db,
    'SELECT COUNT(*) AS n FROM payer_templates WHERE account_id = ?',
  );
  const insertTemplate = statement(
    db,
    `INSERT INTO payer_templates (id, account_id, label, inmate_ref, amount_kopecks, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const deleteTemplate = statement(
    db,
    'DELETE FROM payer_templates WHERE id = ? AND account_id = ?',
  );
  const transferIds = statement(
    db,
    `SELECT id FROM transfers WHERE payer_account_id = ? ORDER BY accepted_at_ms DESC
       LIMIT ${HISTORY_MAX}`,
  );
  const letters = statement(
    db,
    `SELECT l.response, l.status, l.delivered_at_ms, l.answered_at_ms, r.content_type,
       r.size_bytes FROM letters l LEFT JOIN letter_replies r ON r.letter_id = l.id
       WHERE l.account_id = ? ORDER BY l.created_at_ms DESC LIMIT ${HISTORY_MAX}`,
  );
  const insertSupport = statement(
    db,
    `INSERT INTO support_messages (id, account_id, terminal_id, body, created_at_ms)
       VALUES (?, ?, ?, ?, ?)`,
  );
  const supportMessages = statement(
    db,
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

  const templateView = async (row: TemplateRow) => {
    const person = await recipient.get<Recipient>(row.inmate_ref);
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
    async profile(accountId: string, walletKopecks: number) {
      const row = (await account.get<{
        id: string;
        phone: string;
        display_name: string;
        email: string | null;
        created_at_ms: number;
        sender_name: string | null;
      }>(accountId))!;
      return {
        accountId: row.id,
        phone: row.phone,
        displayName: row.display_name,
        email: row.email,
        createdAtMs: row.created_at_ms,
        walletKopecks,
        senderName: row.sender_name,
      };
    },

    /**
     * The sender's name transfers will carry, set once (docs/PAYER-APP.md § The sender's
     * name): 409 when already set, since a name one could change per payment tells the
     * recipient nothing.
     */
    async setSenderName(
      accountId: string,
      input: SenderNameSet,
      nowMs: number,
    ): Promise<Result<void, ApiError>> {
      const parts = [input.surname, input.name, input.patronymic ?? ''].map(displayNamePart);
      const full = parts.filter((part) => part !== '').join(' ');
      if ((await setSenderName.run(full, nowMs, accountId)) === 0) {
        const why = 'the sender name is set; it is changed only through support';
        return err(apiError(409, 'sender-name-locked', why));
      }
      return ok(undefined);
    },

    async updateProfile(accountId: string, input: { displayName?: string; email?: string | null }) {
      const emailGiven = input.email !== undefined ? 1 : 0;
      await updateProfile.run(
        input.displayName?.trim() ?? null,
        emailGiven,
        input.email ?? null,
        accountId,
      );
    },

    templates: async (accountId: string) => {
      const views = [];
      for (const row of await templates.all<TemplateRow>(accountId)) {
        views.push(await templateView(row));
      }
      return views;
    },

    async addTemplate(
      accountId: string,
      input: { label: string; inmateRef: string; amountKopecks?: number | null },
      nowMs: number,
    ): Promise<Result<Awaited<ReturnType<typeof templateView>>, ApiError>> {
      if ((await recipient.get(input.inmateRef)) === undefined) {
        return err(apiError(422, 'unknown-recipient', 'no inmate has this inmateRef'));
      }
      const count = (await countTemplates.get<{ n: number }>(accountId))!.n;
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
      await insertTemplate.run(
        row.id,
        accountId,
        row.label,
        row.inmate_ref,
        row.amount_kopecks,
        nowMs,
      );
      return ok(await templateView(row));
    },

    async deleteTemplate(accountId: string, templateId: string): Promise<boolean> {
      return (await deleteTemplate.run(templateId, accountId)) > 0;
    },

    async history(accountId: string) {
      const transferViews: TransferView[] = [];
      for (const { id } of await transferIds.all<{ id: string }>(accountId)) {
        const view = await transfers.get(id);
        if (view !== null) transferViews.push(view);
      }
      type LetterRow = {
        response: string;
        status: string;
        delivered_at_ms: number | null;
        answered_at_ms: number | null;
        content_type: string | null;
        size_bytes: number | null;
      };
      // The stored answer of the letter's creation, with where it is now.
      const letterViews = (await letters.all<LetterRow>(accountId)).map((row) => ({
        ...(JSON.parse(row.response) as Record<string, unknown>),
        status: row.status,
        deliveredAtMs: row.delivered_at_ms,
        answeredAtMs: row.answered_at_ms,
        reply:
          row.content_type === null || row.size_bytes === null
            ? null
            : { contentType: row.content_type, sizeBytes: row.size_bytes },
      }));
      return { transfers: transferViews, letters: letterViews };
    },

    async addSupportMessage(accountId: string, terminalId: string, text: string, nowMs: number) {
      const messageId = `m${randomBytes(8).toString('hex')}`;
      await insertSupport.run(messageId, accountId, terminalId, text, nowMs);
      return { messageId, text, reply: null, createdAtMs: nowMs };
    },

    supportMessages: async (accountId: string) =>
      (
        await supportMessages.all<{
          id: string;
          body: string;
          reply: string | null;
          created_at_ms: number;
        }>(accountId)
      ).map((row) => ({
        messageId: row.id,
        text: row.body,
        reply: row.reply,
        createdAtMs: row.created_at_ms,
      })),
  };
}
