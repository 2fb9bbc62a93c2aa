/**
 * The payer-account half of the kiosk's client of central (central-client.ts is the terminal
 * half; both go through signed-fetch.ts and share its failure type). Every request is
 * terminal-signed; a logged-in payer's calls also carry the Payer-Session token, covered by the
 * signature. Requests are typed by the wire module (common/central-wire.ts); answers are
 * validated with zod, tolerating what an older central leaves out; nothing throws.
 */
import { z } from 'zod';
import {
  GuestSupportAckSchema,
  type GuestSupportCreate,
  type LetterCreate,
  LetterReplyFileSchema,
  LetterReplyInfoSchema,
  type WalletPaymentCreate,
} from '../../common/central-wire.ts';
import {
  type NotificationPreference,
  NotificationPreferencesSchema,
} from '../../common/central-wire-payer.ts';
import type { Result } from '../../common/result.ts';
import type { CentralError } from './central-client.ts';
import { createSignedFetch } from './signed-fetch.ts';

export type PayerCallError = CentralError;

export type PayerClientOptions = {
  baseUrl: string;
  terminalId: string;
  privateKeyPem: string;
  timeoutMs: number;
  nowMs: () => number;
  fetch?: typeof fetch;
};

const timeMs = z.number().int().min(0);
const kopecks = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const status = z.enum(['accepted', 'sent', 'credited', 'returned']);

export const SessionSchema = z.object({
  sessionToken: z.string().min(20).max(100),
  accountId: z.string().max(64),
  expiresAtMs: timeMs,
});
export const ProfileSchema = z.object({
  accountId: z.string().max(64),
  phone: z.string().max(16),
  displayName: z.string().max(100),
  email: z.string().max(200).nullable(),
  walletKopecks: kopecks,
  // An older central has no sender names; a name the receipt's code page cannot print (central
  // allows only Russian letters) is treated as none rather than failing the login.
  senderName: z
    .string()
    .max(200)
    .regex(/^[А-ЯЁа-яё][А-ЯЁа-яё -]*$/)
    .nullable()
    .optional()
    .catch(null)
    .transform((name) => name ?? null),
});
export const TemplateSchema = z.object({
  templateId: z.string().max(64),
  label: z.string().max(60),
  inmateRef: z.string().max(128),
  recipientMasked: z.string().max(200),
  birthYear: z.number().int(),
  facilityId: z.string().max(64),
  facilityName: z.string().max(300),
  amountKopecks: kopecks.nullable(),
});
export const TransferSchema = z.object({
  transferId: z.string().max(64),
  status,
  depositedKopecks: kopecks,
  amountKopecks: kopecks,
  commissionKopecks: kopecks,
  recipientMasked: z.string().max(200),
  recipientBirthYear: z.number().int(),
  facilityId: z.string().max(64),
  facilityName: z.string().max(300),
  acceptedAtMs: timeMs,
});
export const PublicStatusSchema = z.object({
  transferId: z.string().max(64),
  status,
  amountKopecks: kopecks,
  recipientMasked: z.string().max(200),
  // Central may leave the facility out of the public answer (it names a place of detention).
  facilityName: z.string().max(300).default(''),
  acceptedAtMs: timeMs,
  creditedAtMs: timeMs.nullable(),
  returnedAtMs: timeMs.nullable(),
});
export const LetterSchema = z.object({
  letterId: z.string().max(64),
  recipientMasked: z.string().max(200),
  facilityName: z.string().max(300),
  pages: z.number().int().min(1),
  replyBlanks: z.number().int().min(0),
  priceKopecks: kopecks,
  paidFrom: z.enum(['wallet', 'cash']),
  status: z.string().max(32),
  createdAtMs: timeMs,
  deliveredAtMs: timeMs.nullable().optional(),
  answeredAtMs: timeMs.nullable().optional(),
  reply: LetterReplyInfoSchema.nullable().optional(),
});
export const WalletSchema = z.object({
  balanceKopecks: kopecks,
  entries: z.array(
    z.object({
      entryId: z.string().max(128),
      kind: z.enum(['top-up', 'transfer', 'letter']),
      deltaKopecks: z.number().int(),
      createdAtMs: timeMs,
    }),
  ),
});
export const SupportSchema = z.object({
  messageId: z.string().max(64),
  text: z.string().max(2_000),
  reply: z.string().max(2_000).nullable(),
  createdAtMs: timeMs,
});
const HistorySchema = z.object({
  transfers: z.array(TransferSchema),
  letters: z.array(LetterSchema),
});
const CodeSentSchema = z.object({ expiresAtMs: timeMs });

export type Session = z.infer<typeof SessionSchema>;
export type Profile = z.infer<typeof ProfileSchema>;
type Answer<T> = Promise<Result<T, PayerCallError>>;

export type PayerClient = ReturnType<typeof createPayerClient>;

type Call = {
  method: 'GET' | 'POST';
  target: string;
  body?: unknown;
  session?: string;
  key?: string;
};

export function createPayerClient(options: PayerClientOptions) {
  const signedFetch = createSignedFetch({
    baseUrl: options.baseUrl,
    terminalId: options.terminalId,
    privateKeyPem: () => options.privateKeyPem,
    timeoutMs: options.timeoutMs,
    nowMs: options.nowMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  // Every call is signed, the public tracking one too (central ignores it there); a payer's
  // session token rides inside the signature, so a relay cannot swap it.
  const request = <S extends z.ZodType>(call: Call, schema: S): Answer<z.infer<S>> =>
    signedFetch(
      {
        method: call.method,
        target: call.target,
        signed: true,
        ...(call.body === undefined ? {} : { body: call.body }),
        ...(call.key === undefined ? {} : { idempotencyKey: call.key }),
        ...(call.session === undefined ? {} : { payerSession: call.session }),
      },
      schema,
    );

  const post = <S extends z.ZodType>(target: string, body: unknown, schema: S, session?: string) =>
    request(
      session === undefined
        ? { method: 'POST', target, body }
        : { method: 'POST', target, body, session },
      schema,
    );
  const get = <S extends z.ZodType>(target: string, schema: S, session: string) =>
    request({ method: 'GET', target, session }, schema);
  const keyed = <S extends z.ZodType>(
    target: string,
    body: unknown,
    schema: S,
    session: string,
    key: string,
  ) => request({ method: 'POST', target, body, session, key }, schema);

  return {
    requestCode(phone: string, purpose: 'register' | 'reset' | 'login') {
      if (purpose === 'login') return post('/v1/payer/login-codes', { phone }, CodeSentSchema);
      return post('/v1/payer/sms-codes', { phone, purpose }, CodeSentSchema);
    },
    register: (input: { phone: string; code: string; password: string; displayName: string }) =>
      post('/v1/payer/register', input, SessionSchema),
    login: (input: { phone: string; password: string }) =>
      post('/v1/payer/login', input, SessionSchema),
    loginWithCode: (input: { phone: string; code: string }) =>
      post('/v1/payer/login-with-code', input, SessionSchema),
    resetPassword: (input: { phone: string; code: string; newPassword: string }) =>
      post('/v1/payer/password-reset', input, SessionSchema),
    logout: (session: string) =>
      request(
        { method: 'POST', target: '/v1/payer/logout', session },
        z.object({ loggedOut: z.boolean() }),
      ),
    profile: (session: string) => get('/v1/payer/profile', ProfileSchema, session),
    updateProfile: (session: string, input: { displayName?: string; email?: string | null }) =>
      post('/v1/payer/profile', input, ProfileSchema, session),
    notifications: (session: string) =>
      get('/v1/payer/notifications', NotificationPreferencesSchema, session),
    setNotification: (session: string, choice: NotificationPreference) =>
      post(
        '/v1/payer/notifications',
        { preferences: [choice] },
        NotificationPreferencesSchema,
        session,
      ),
    changePassword: (session: string, input: { currentPassword: string; newPassword: string }) =>
      post('/v1/payer/password', input, z.object({ changed: z.boolean() }), session),
    templates: (session: string) =>
      get(
        '/v1/payer/template-recipients',
        z.object({ templates: z.array(TemplateSchema) }),
        session,
      ),
    addTemplate: (
      session: string,
      input: { label: string; inmateRef: string; amountKopecks: number | null },
    ) => post('/v1/payer/templates', input, TemplateSchema.omit({ birthYear: true }), session),
    deleteTemplate: (session: string, templateId: string) =>
      post(
        `/v1/payer/templates/${encodeURIComponent(templateId)}/delete`,
        undefined,
        z.object({ deleted: z.boolean() }),
        session,
      ),
    history: (session: string) => get('/v1/payer/history', HistorySchema, session),
    wallet: (session: string) => get('/v1/payer/wallet', WalletSchema, session),
    /** `amountKopecks` is what reaches the inmate (creditedKopecks); the wallet pays both. */
    payFromWallet: (session: string, input: WalletPaymentCreate) =>
      keyed('/v1/payer/wallet/payments', input, TransferSchema, session, input.transferId),
    sendLetter: (session: string, input: LetterCreate) =>
      keyed('/v1/payer/letters', input, LetterSchema, session, input.letterId),
    letterReply: (session: string, letterId: string) =>
      get(
        `/v1/payer/letters/${encodeURIComponent(letterId.toLowerCase())}/reply`,
        LetterReplyFileSchema,
        session,
      ),
    supportSend: (session: string, input: { text: string; transferId: string | null }) =>
      post('/v1/payer/support-requests', input, SupportSchema, session),
    supportList: (session: string) =>
      get('/v1/payer/support-messages', z.object({ messages: z.array(SupportSchema) }), session),
    /** No account needed: someone who lost their phone leaves a contact for the answer. */
    guestSupport: (input: GuestSupportCreate) =>
      post('/v1/support/guest-requests', input, GuestSupportAckSchema),
    /** No account needed: the same public status a receipt's QR code opens. */
    track: (transferId: string) =>
      request(
        {
          method: 'GET',
          target: `/v1/public/transfers/${encodeURIComponent(transferId.toLowerCase())}`,
        },
        PublicStatusSchema,
      ),
  };
}
