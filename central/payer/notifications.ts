/**
 * The SMS notifications a payer chose (docs/PAYER-APP.md § Notifications): a transfer credited
 * or returned, a support answer, a letter reply. Every kind but one is off until the payer
 * turns it on: an SMS costs the operator money and may be read by whoever holds the phone. A
 * letter's reply is on until turned off: the payer paid for reply blanks to hear back, and the
 * reply comes days later, when nobody is looking at the app.
 *
 * Exactly one SMS per event: each is recorded under its event id (`<kind>:<transfer id>`,
 * `support-answer:<message id>`, …) in `payer_notifications`, whose primary key refuses a
 * second one, however often the event is reported (a credit asked twice, a sweep racing the
 * admin route, two central processes). Only events after the payer turned a kind on are told:
 * turning it on never sends a burst about old transfers. SMS go through the shared hourly
 * budget (sms-budget.ts, purpose `notify`); a transfer's notification refused by it is tried
 * again on a later pass, a support answer's is not (it is in the app anyway).
 *
 * An SMS the gateway did not take is not recorded: its event row is taken back, so the event
 * is untold again and a later pass over transfer outcomes (server.ts, every few minutes)
 * tries it again; one payer's failed SMS never stops the others of the same pass. Each try
 * takes from the budget, which is what spaces the tries while a gateway is down.
 */
import { formatRublesPlain, kopecks } from '../../common/money.ts';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationPreference,
} from '../../common/central-wire-payer.ts';
import { type CentralDb, statement } from '../db.ts';
import type { SmsBudget } from './sms-budget.ts';
import type { SmsGateway } from './sms.ts';

/** Kinds a payer hears of until they turn them off (the others wait to be turned on). */
const ON_UNTIL_TURNED_OFF: ReadonlySet<NotificationKind> = new Set(['letter-reply']);

/** Transfer outcomes looked at per pass; the rest wait for the next one. */
const OUTCOMES_PER_PASS = 200;
/**
 * A pass over all payers tells outcomes of the last day only: a "credited" SMS days late is
 * noise, and the pass reads only recent transfers (transfers_by_payer's time column bounds
 * it: a month of acceptance covers every outcome of the day).
 */
const OUTCOME_TOLD_WITHIN_MS = 24 * 60 * 60 * 1000;
const ACCEPTED_WITHIN_MS = 31 * 24 * 60 * 60 * 1000;

export type NotifyOutcome = 'sent' | 'not-chosen' | 'already-sent' | 'over-budget' | 'no-account';

export type PayerNotifications = ReturnType<typeof createPayerNotifications>;

export function createPayerNotifications(
  db: CentralDb,
  deps: { sms: SmsGateway; budget: SmsBudget },
) {
  const prefs = statement(
    db,
    'SELECT kind, sms, changed_at_ms FROM payer_notify_prefs WHERE account_id = ?',
  );
  const savePref = statement(
    db,
    `INSERT INTO payer_notify_prefs (account_id, kind, sms, changed_at_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, kind) DO UPDATE SET sms = excluded.sms,
         changed_at_ms = CASE WHEN payer_notify_prefs.sms = excluded.sms
           THEN payer_notify_prefs.changed_at_ms ELSE excluded.changed_at_ms END`,
  );
  const chosen = statement(
    db,
    `SELECT a.phone FROM payer_notify_prefs p JOIN payer_accounts a ON a.id = p.account_id
       WHERE p.account_id = ? AND p.kind = ? AND p.sms = 1`,
  );
  const told = statement(db, 'SELECT 1 AS one FROM payer_notifications WHERE event_id = ?');
  const record = statement(
    db,
    `INSERT INTO payer_notifications (event_id, account_id, kind, sent_at_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (event_id) DO NOTHING`,
  );
  const takeBack = statement(
    db,
    'DELETE FROM payer_notifications WHERE event_id = ? AND sent_at_ms = ?',
  );
  // Outcomes of the transfers of payers who chose to hear of them, since they chose, not yet
  // told; through transfers_by_payer, so only those payers' transfers are read.
  const untoldOutcomes = (where: string) =>
    statement(
      db,
      `SELECT t.id, t.payer_account_id, t.status, t.amount_kopecks, t.recipient_masked, p.kind
         FROM payer_notify_prefs p
         JOIN transfers t ON t.payer_account_id = p.account_id
         LEFT JOIN payer_notifications n ON n.event_id = p.kind || ':' || t.id
         WHERE p.sms = 1 AND n.event_id IS NULL AND (
           (p.kind = 'transfer-credited' AND t.status = 'credited'
             AND t.credited_at_ms > p.changed_at_ms)
           OR (p.kind = 'transfer-returned' AND t.status = 'returned'
             AND t.returned_at_ms > p.changed_at_ms)) ${where}
         LIMIT ${OUTCOMES_PER_PASS}`,
    );
  const allUntold = untoldOutcomes(
    `AND t.accepted_at_ms > ? AND (CASE WHEN p.kind = 'transfer-credited'
       THEN t.credited_at_ms ELSE t.returned_at_ms END) > ?`,
  );
  const untoldOf = untoldOutcomes('AND t.id = ?');
  const supportMessage = statement(
    db,
    'SELECT account_id, reply FROM support_messages WHERE id = ?',
  );

  const preferences = async (accountId: string): Promise<NotificationPreference[]> => {
    const rows = await prefs.all<{ kind: NotificationKind; sms: number }>(accountId);
    const chosenSms = new Map(rows.map((row) => [row.kind, row.sms === 1]));
    return NOTIFICATION_KINDS.map((kind) => ({
      kind,
      sms: chosenSms.get(kind) ?? ON_UNTIL_TURNED_OFF.has(kind),
    }));
  };

  /** Whether `accountId` is to be told of `kind` by SMS (the letters' code asks this). */
  const wants = async (accountId: string, kind: NotificationKind): Promise<boolean> =>
    (await preferences(accountId)).some((each) => each.kind === kind && each.sms);

  /**
   * One SMS for `eventId` if the payer chose `kind` and it was not sent before. The text names
   * no facility (a phone's lock screen shows it) and carries no code.
   */
  const notify = async (
    accountId: string,
    kind: NotificationKind,
    eventId: string,
    text: string,
    nowMs: number,
  ): Promise<NotifyOutcome> => {
    const phone = (await chosen.get<{ phone: string }>(accountId, kind))?.phone;
    if (phone === undefined) return 'not-chosen';
    if ((await told.get(eventId)) !== undefined) return 'already-sent';
    const granted = await deps.budget.take(phone, 'notify', nowMs);
    if (!granted.ok) return 'over-budget';
    // The key decides between racing reporters: only the one whose row went in sends.
    if ((await record.run(eventId, accountId, kind, nowMs)) === 0) return 'already-sent';
    try {
      await deps.sms.send({ phone, text, sentAtMs: nowMs });
    } catch (error) {
      await takeBack.run(eventId, nowMs);
      throw error;
    }
    deps.budget.sent('notify');
    return 'sent';
  };

  type OutcomeRow = {
    id: string;
    payer_account_id: string;
    status: 'credited' | 'returned';
    amount_kopecks: number;
    recipient_masked: string;
    kind: NotificationKind;
  };
  /** Sends what it can; when some failed, throws once the others were tried. */
  const tell = async (found: Promise<OutcomeRow[]>, nowMs: number): Promise<number> => {
    let sent = 0;
    const failures: unknown[] = [];
    for (const row of await found) {
      const text = transferOutcomeText(
        row.status,
        row.amount_kopecks,
        row.recipient_masked,
        row.id,
      );
      const eventId = `${row.kind}:${row.id}`;
      try {
        if ((await notify(row.payer_account_id, row.kind, eventId, text, nowMs)) === 'sent') {
          sent += 1;
        }
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw new Error(`${failures.length} payer SMS not sent (${sent} sent); tried again later`, {
        cause: failures[0],
      });
    }
    return sent;
  };

  return {
    preferences,
    wants,
    notify,

    async setPreferences(
      accountId: string,
      changes: readonly NotificationPreference[],
      nowMs: number,
    ): Promise<NotificationPreference[]> {
      await db.transaction(async () => {
        for (const change of changes) {
          await savePref.run(accountId, change.kind, change.sms ? 1 : 0, nowMs);
        }
      });
      return preferences(accountId);
    },

    /**
     * Tells every untold credit or return of the last day the payers chose to hear of; how
     * many were sent.
     */
    transferOutcomes: (nowMs: number): Promise<number> =>
      tell(
        allUntold.all<OutcomeRow>(nowMs - ACCEPTED_WITHIN_MS, nowMs - OUTCOME_TOLD_WITHIN_MS),
        nowMs,
      ),

    /** Tells the outcome of one transfer, if its payer chose to hear of it (the admin routes). */
    transferOutcome: (transferId: string, nowMs: number): Promise<number> =>
      tell(untoldOf.all<OutcomeRow>(transferId.toLowerCase()), nowMs),

    /** After the operator answered a support message (account-routes.ts). */
    async supportAnswered(messageId: string, nowMs: number): Promise<NotifyOutcome> {
      const row = await supportMessage.get<{ account_id: string; reply: string | null }>(messageId);
      if (row === undefined || row.reply === null) return 'no-account';
      const text = 'Поддержка ответила на ваше обращение. Ответ - в личном кабинете.';
      return notify(row.account_id, 'support-answer', `support-answer:${messageId}`, text, nowMs);
    },
  };
}

/** «Перевод 1 000,00 руб. для Иванов И. И. зачислен. №…9a0b1c2d». */
export function transferOutcomeText(
  status: 'credited' | 'returned',
  amountKopecks: number,
  recipientMasked: string,
  transferId: string,
): string {
  const amount = `${formatRublesPlain(kopecks(amountKopecks))} руб.`;
  const what = status === 'credited' ? 'зачислен' : 'возвращён отправителю';
  return `Перевод ${amount} для ${recipientMasked} ${what}. № …${transferId.slice(-8)}`;
}
