/**
 * The payer's profile on central's wire beyond phone and password (docs/PAYER-APP.md): the
 * sender's name a transfer carries, and the SMS notifications the payer chose. Checked against
 * central/openapi.yaml by central/wire-contract.test.ts (through wireComponents).
 */
import { z } from 'zod';

/**
 * One part of a sender's name as a Russian document writes it (passport, migration card):
 * Russian letters, inner spaces and hyphens. Russian letters only because the receipt printer's
 * code page (CP866) has no others, and the facility's staff match it against their own records.
 */
export const SENDER_NAME_PART_PATTERN = /^[А-ЯЁа-яё]([А-ЯЁа-яё -]{0,58}[А-ЯЁа-яё])?$/;
const namePart = z.string().regex(SENDER_NAME_PART_PATTERN);

/** Set once (then locked: changed only through support), so it cannot be swapped per payment. */
export const SenderNameSetSchema = z.object({
  surname: namePart,
  name: namePart,
  /** Absent for people who have none. */
  patronymic: namePart.optional(),
});
export type SenderNameSet = z.infer<typeof SenderNameSetSchema>;

/** «Петров Пётр Петрович»: the three parts, capitalised, as the account holds them. */
export const SENDER_NAME_CHARS_MAX = 200;

/**
 * What a payer may be told by SMS. `letter-reply` is asked by the letters' code through
 * central/payer/notifications.ts `wants`.
 */
export const NotificationKindSchema = z.enum([
  'transfer-credited',
  'transfer-returned',
  'support-answer',
  'letter-reply',
]);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;
export const NOTIFICATION_KINDS = NotificationKindSchema.options;

export const NotificationPreferenceSchema = z.object({
  kind: NotificationKindSchema,
  sms: z.boolean(),
});
export type NotificationPreference = z.infer<typeof NotificationPreferenceSchema>;

/** Every kind, in NOTIFICATION_KINDS order; an update may name only some. */
export const NotificationPreferencesSchema = z.object({
  preferences: z.array(NotificationPreferenceSchema).min(1).max(NOTIFICATION_KINDS.length),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

/** A new number for the account: the code goes to it (purpose: proving the payer holds it). */
export const PhoneCodeRequestSchema = z.object({ phone: z.string().min(10).max(32) });
export type PhoneCodeRequest = z.infer<typeof PhoneCodeRequestSchema>;

/** The change itself: the code sent to the new number and the current password. */
export const PhoneChangeSchema = z.object({
  phone: z.string().min(10).max(32),
  code: z.string().regex(/^[0-9]{6}$/),
  currentPassword: z.string().min(1).max(128),
});
export type PhoneChange = z.infer<typeof PhoneChangeSchema>;

/** Deleting the account asks for the password again: a session left open is not enough. */
export const AccountDeleteSchema = z.object({ currentPassword: z.string().min(1).max(128) });

export const payerWireComponents = {
  PhoneCodeRequest: PhoneCodeRequestSchema,
  PhoneChange: PhoneChangeSchema,
  AccountDelete: AccountDeleteSchema,
  SenderNameSet: SenderNameSetSchema,
  NotificationKind: NotificationKindSchema,
  NotificationPreference: NotificationPreferenceSchema,
  NotificationPreferences: NotificationPreferencesSchema,
};
