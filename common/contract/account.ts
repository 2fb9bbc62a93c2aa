import { z } from 'zod';
import { command, Empty, KopecksSchema } from './base.ts';
import { PASSWORD_CHARS_MAX } from '../password.ts';
import { CASH_LETTER_TEXT_CHARS_MAX } from './payment.ts';
import { normalizeTrackingCode } from '../tracking-code.ts';
import {
  LETTER_REPLY_BASE64_CHARS_MAX,
  LETTER_REPLY_BYTES_MAX,
  LETTER_REPLY_TYPES,
} from '../central-wire-wallet.ts';
import { NOTIFICATION_KINDS, NotificationPreferenceSchema } from '../central-wire-payer.ts';

/** The SMS the payer chose, every kind (central keeps them; the app shows the same). */
export const NotificationChoicesSchema = z
  .array(NotificationPreferenceSchema)
  .max(NOTIFICATION_KINDS.length);

/**
 * Payer accounts on the kiosk. The session token lives only in main's memory: the
 * renderer sees the account view, never the token, and nothing of it is written to disk.
 */

const Phone = z.string().trim().min(10).max(32);
const Code = z
  .string()
  .trim()
  .regex(/^\d{4,8}$/);
const Password = z.string().min(1).max(PASSWORD_CHARS_MAX);
const TimeMs = z.number().int().nonnegative();
const Uuid = z.string().regex(/^[0-9a-fA-F-]{36}$/);
/** A receipt's tracking code as typed: case, spaces and dashes do not matter. */
const TrackingCodeInput = z
  .string()
  .max(16)
  .refine((typed) => normalizeTrackingCode(typed) !== null);
const InmateRef = z.string().min(1).max(128);

export const AccountViewSchema = z.object({
  phone: z.string().max(16),
  displayName: z.string().max(100),
  email: z.string().max(200).nullable(),
  walletKopecks: KopecksSchema,
  /** The name central puts on this payer's transfers (set once in the app); null: not set. */
  senderName: z.string().max(200).nullable(),
});
export type AccountView = z.infer<typeof AccountViewSchema>;

export const AccountTemplateSchema = z.object({
  templateId: z.string().max(64),
  label: z.string().max(60),
  inmateRef: InmateRef,
  recipientMasked: z.string().max(200),
  birthYear: z.number().int().min(1900).max(2100),
  facilityId: z.string().max(64),
  facilityName: z.string().max(300),
  amountKopecks: KopecksSchema.nullable(),
});
export type AccountTemplate = z.infer<typeof AccountTemplateSchema>;

export const AccountTransferStatusSchema = z.enum(['accepted', 'sent', 'credited', 'returned']);

export const HistoryTransferSchema = z.object({
  transferId: z.string().max(64),
  status: AccountTransferStatusSchema,
  amountKopecks: KopecksSchema,
  commissionKopecks: KopecksSchema,
  recipientMasked: z.string().max(200),
  recipientBirthYear: z.number().int(),
  facilityId: z.string().max(64),
  facilityName: z.string().max(300),
  /** Groups history "by recipient": facility, masked name and birth year together. */
  recipientKey: z.string().max(400),
  acceptedAtMs: TimeMs,
});
export type HistoryTransfer = z.infer<typeof HistoryTransferSchema>;

export const LetterViewSchema = z.object({
  letterId: z.string().max(64),
  recipientMasked: z.string().max(200),
  facilityName: z.string().max(300),
  pages: z.number().int().min(1),
  replyBlanks: z.number().int().min(0),
  priceKopecks: KopecksSchema,
  paidFrom: z.enum(['wallet', 'cash']),
  /** accepted → delivered (handed over at the facility) → answered (a scanned reply is there). */
  status: z.string().max(32),
  createdAtMs: TimeMs,
  deliveredAtMs: TimeMs.nullable().optional(),
  answeredAtMs: TimeMs.nullable().optional(),
  reply: z
    .object({
      contentType: z.enum(LETTER_REPLY_TYPES),
      sizeBytes: z.number().int().min(1).max(LETTER_REPLY_BYTES_MAX),
    })
    .nullable()
    .optional(),
});
export type LetterView = z.infer<typeof LetterViewSchema>;

/**
 * A letter's scanned reply, whole: main → renderer answers have no size bound (only the
 * renderer's messages to main do), and 5 MB of base64 is one answer.
 */
export const LetterReplySchema = z.object({
  letterId: z.string().max(64),
  contentType: z.enum(LETTER_REPLY_TYPES),
  sizeBytes: z.number().int().min(1).max(LETTER_REPLY_BYTES_MAX),
  dataBase64: z.string().max(LETTER_REPLY_BASE64_CHARS_MAX),
});
export type LetterReply = z.infer<typeof LetterReplySchema>;

export const WalletEntrySchema = z.object({
  entryId: z.string().max(128),
  kind: z.enum(['top-up', 'transfer', 'letter']),
  deltaKopecks: z.number().int(),
  createdAtMs: TimeMs,
});

export const AccountHistorySchema = z.object({
  transfers: z.array(HistoryTransferSchema).max(200),
  letters: z.array(LetterViewSchema).max(200),
  wallet: z.array(WalletEntrySchema).max(200),
});
export type AccountHistory = z.infer<typeof AccountHistorySchema>;

export const TrackedTransferSchema = z.object({
  transferId: z.string().max(64),
  status: AccountTransferStatusSchema,
  amountKopecks: KopecksSchema,
  recipientMasked: z.string().max(200),
  facilityName: z.string().max(300),
  acceptedAtMs: TimeMs,
  creditedAtMs: TimeMs.nullable(),
  returnedAtMs: TimeMs.nullable(),
});
export type TrackedTransfer = z.infer<typeof TrackedTransferSchema>;

export const SupportMessageViewSchema = z.object({
  messageId: z.string().max(64),
  text: z.string().max(2_000),
  reply: z.string().max(2_000).nullable(),
  createdAtMs: TimeMs,
});
export type SupportMessageView = z.infer<typeof SupportMessageViewSchema>;

export const LetterQuoteSchema = z.object({
  pages: z.number().int().min(1),
  priceKopecks: KopecksSchema,
});

const LetterArgs = z
  .object({
    inmateRef: InmateRef,
    text: z.string().max(CASH_LETTER_TEXT_CHARS_MAX),
    replyBlanks: z.number().int().min(0).max(5),
  })
  .strict();

export const SessionEndReasonSchema = z.enum(['exit', 'idle', 'payment-end', 'expired']);

export const accountCommands = {
  'account:requestCode': command(
    z.object({ phone: Phone, purpose: z.enum(['register', 'reset', 'login']) }).strict(),
    z.object({ expiresAtMs: TimeMs }),
  ),
  'account:register': command(
    z
      .object({
        phone: Phone,
        code: Code,
        password: Password,
        passwordAgain: Password,
        displayName: z.string().trim().max(100).default(''),
      })
      .strict(),
    AccountViewSchema,
  ),
  'account:login': command(
    z.object({ phone: Phone, password: Password }).strict(),
    AccountViewSchema,
  ),
  'account:loginWithCode': command(
    z.object({ phone: Phone, code: Code }).strict(),
    AccountViewSchema,
  ),
  'account:resetPassword': command(
    z
      .object({ phone: Phone, code: Code, newPassword: Password, newPasswordAgain: Password })
      .strict(),
    AccountViewSchema,
  ),
  /** The "Exit" button. Always succeeds; the token is forgotten even if central is away. */
  'account:logout': command(Empty, z.object({ loggedOut: z.literal(true) })),
  'account:current': command(Empty, AccountViewSchema.nullable()),
  /** The payer is still at the screen (typing a letter): restarts the idle countdown. */
  'account:touch': command(Empty, z.object({ loggedIn: z.boolean() })),
  'account:updateProfile': command(
    z
      .object({
        displayName: z.string().trim().min(1).max(100).optional(),
        email: z.string().trim().max(200).nullable().optional(),
      })
      .strict(),
    AccountViewSchema,
  ),
  'account:notifications': command(Empty, NotificationChoicesSchema),
  'account:setNotification': command(
    NotificationPreferenceSchema.strict(),
    NotificationChoicesSchema,
  ),
  'account:changePassword': command(
    z
      .object({ currentPassword: Password, newPassword: Password, newPasswordAgain: Password })
      .strict(),
    z.object({ changed: z.literal(true) }),
  ),
  'account:templates': command(Empty, z.array(AccountTemplateSchema).max(50)),
  'account:saveTemplate': command(
    z
      .object({
        label: z.string().trim().min(1).max(60),
        inmateRef: InmateRef,
        amountKopecks: KopecksSchema.min(1).nullable(),
      })
      .strict(),
    AccountTemplateSchema,
  ),
  'account:deleteTemplate': command(
    z.object({ templateId: z.string().min(1).max(64) }).strict(),
    z.object({ deleted: z.literal(true) }),
  ),
  /** All movements, or only those to one recipient. */
  'account:history': command(
    z.object({ recipientKey: z.string().max(400).optional() }).strict(),
    AccountHistorySchema,
  ),
  /** Works without an account: the receipt's QR code or the typed transfer number. */
  /**
   * `transferId`: the transfer's id, or the receipt's tracking code («K7M2-QX9P»), which the
   * kiosk maps to one of its own transfers ('transfer-not-found' for a code it did not print).
   */
  'account:track': command(
    z.object({ transferId: z.union([Uuid, TrackingCodeInput]) }).strict(),
    TrackedTransferSchema,
  ),
  'account:letterQuote': command(
    z.object({
      text: z.string().max(CASH_LETTER_TEXT_CHARS_MAX),
      replyBlanks: z.number().int().min(0).max(5),
    }),
    LetterQuoteSchema,
  ),
  /**
   * A letter with reply blanks, paid from the wallet. Paid in cash instead: 'deposit:start' with
   * `letter` (the cash goes to the wallet and pays it; common/letter.ts).
   */
  'account:sendLetter': command(LetterArgs, LetterViewSchema),
  /** The scanned reply facility staff attached to one of the payer's letters. */
  'account:letterReply': command(z.object({ letterId: Uuid }).strict(), LetterReplySchema),
  'account:payFromWallet': command(
    /** totalKopecks leaves the wallet; the commission is taken from it as from cash. */
    z.object({ inmateRef: InmateRef, totalKopecks: KopecksSchema.min(100) }).strict(),
    HistoryTransferSchema,
  ),
  'account:supportSend': command(
    z.object({ text: z.string().trim().min(1).max(2_000), transferId: Uuid.nullable() }).strict(),
    SupportMessageViewSchema,
  ),
  'account:supportList': command(Empty, z.array(SupportMessageViewSchema).max(200)),
  /**
   * Support without an account (someone who lost their phone): the answer goes to `contact`,
   * a mobile number in any common spelling or an e-mail address. `transferRef`: the receipt's
   * short code or the transfer id, as typed.
   */
  'account:guestSupport': command(
    z
      .object({
        contact: z.string().trim().min(5).max(254),
        transferRef: z.string().trim().max(64).nullable(),
        text: z.string().trim().min(1).max(2_000),
      })
      .strict(),
    z.object({ requestId: z.string().max(64), createdAtMs: z.number().int() }),
  ),
} as const;

export const accountEvents = {
  /** The kiosk forgot the payer's session (Exit, idle, end of payment, refused by central). */
  'account:ended': z.object({ reason: SessionEndReasonSchema }),
} as const;
