/**
 * The console's letters (central/openapi.yaml, `/v1/console/letters*`): what facility staff
 * read to hand a letter over, and the reply they attach.
 */
import { z } from 'zod';
import { nullableTimeMs, timeMs, uuid7 } from './central-wire-base.ts';
import {
  LETTER_REPLY_BASE64_CHARS_MAX,
  LETTER_STATUSES,
  LetterReplyInfoSchema,
} from './central-wire-wallet.ts';

export const ConsoleLetterSchema = z.object({
  letterId: uuid7,
  facilityId: z.string(),
  facilityName: z.string(),
  /** In full: the facility hands the letter to this person. */
  recipientName: z.string(),
  recipientBirthYear: z.number().int().min(1900).max(2100).nullable(),
  text: z.string(),
  pages: z.number().int().min(1),
  replyBlanks: z.number().int().min(0),
  status: z.enum(LETTER_STATUSES),
  createdAtMs: timeMs,
  deliveredAtMs: nullableTimeMs,
  answeredAtMs: nullableTimeMs,
  reply: LetterReplyInfoSchema.nullable(),
});
export type ConsoleLetter = z.infer<typeof ConsoleLetterSchema>;

export const ConsoleLetterListSchema = z.object({ letters: z.array(ConsoleLetterSchema) });

export const ConsoleLetterReplyUploadSchema = z
  .object({
    fileName: z.string().min(1).max(120),
    contentType: z.string().max(100).optional(),
    dataBase64: z.string().min(1).max(LETTER_REPLY_BASE64_CHARS_MAX),
  })
  .strict();
export type ConsoleLetterReplyUpload = z.infer<typeof ConsoleLetterReplyUploadSchema>;
