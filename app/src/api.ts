/**
 * The app's calls to central (same origin, /v1/…): the session as a bearer token, every answer
 * checked with zod before the app believes it. The token lives in sessionStorage only: closing
 * the app on a shared phone ends the session, and central expires it after 15 idle minutes.
 */
import { z } from 'zod';
import {
  FacilitySchema,
  LetterSchema,
  PublicTransferStatusSchema,
  RegionSchema,
  SearchResponseSchema,
  TransferSchema,
} from '../../common/central-wire.ts';
import {
  CardTopUpListSchema,
  CardTopUpViewSchema,
  PaymentCodeSentSchema,
  PaymentTermsSchema,
} from '../../common/central-wire-app.ts';
import { NotificationPreferencesSchema } from '../../common/central-wire-payer.ts';

export { NotificationPreferencesSchema };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

const TOKEN_KEY = 'payer-app-session';

export const session = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

let onSessionLost: () => void = () => {};
export function whenSessionLost(handler: () => void): void {
  onSessionLost = handler;
}

type Call = { body?: unknown; key?: string; auth?: boolean };

export async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  schema: z.ZodType<T>,
  options: Call = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session.get();
  if (options.auth !== false && token !== null) headers.authorization = `Bearer ${token}`;
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      cache: 'no-store',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = ErrorSchema.safeParse(json);
    const code = parsed.success ? parsed.data.error.code : 'generic';
    if (response.status === 401 && code === 'payer-session-invalid') {
      session.clear();
      onSessionLost();
    }
    throw new ApiError(response.status, code);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(response.status, 'generic');
  return parsed.data;
}

export const SessionSchema = z.object({
  sessionToken: z.string(),
  accountId: z.string(),
  expiresAtMs: z.number(),
});
export const CodeSentSchema = z.object({ expiresAtMs: z.number() });
export const PhoneChangedSchema = z.object({ phone: z.string() });
export const ProfileSchema = z.object({
  accountId: z.string(),
  phone: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  createdAtMs: z.number(),
  walletKopecks: z.number().int(),
  /** Null until set; absent from an older central. */
  senderName: z.string().nullable().default(null),
});
export type Profile = z.infer<typeof ProfileSchema>;
export const WalletSchema = z.object({
  balanceKopecks: z.number().int(),
  entries: z.array(
    z.object({
      entryId: z.string(),
      kind: z.string(),
      deltaKopecks: z.number().int(),
      createdAtMs: z.number(),
    }),
  ),
});
export const HistorySchema = z.object({
  transfers: z.array(TransferSchema),
  letters: z.array(LetterSchema),
});
export type TransferView = z.infer<typeof TransferSchema>;
export const TemplateRecipientsSchema = z.object({
  templates: z.array(
    z.object({
      templateId: z.string(),
      label: z.string(),
      inmateRef: z.string(),
      recipientMasked: z.string(),
      birthYear: z.number().int(),
      facilityId: z.string(),
      facilityName: z.string(),
      amountKopecks: z.number().int().nullable(),
    }),
  ),
});
export type TemplateRecipient = z.infer<typeof TemplateRecipientsSchema>['templates'][number];
export const SupportListSchema = z.object({
  messages: z.array(
    z.object({
      messageId: z.string(),
      text: z.string(),
      reply: z.string().nullable(),
      createdAtMs: z.number(),
    }),
  ),
});
export const RegionsSchema = z.object({ regions: z.array(RegionSchema) });
export const FacilitiesSchema = z.object({ facilities: z.array(FacilitySchema) });
export type Facility = z.infer<typeof FacilitySchema>;
export { SearchResponseSchema, TransferSchema, PublicTransferStatusSchema };
export { CardTopUpListSchema, CardTopUpViewSchema, PaymentCodeSentSchema, PaymentTermsSchema };
export const AnySchema = z.unknown();

/** A UUIDv7 (time-ordered), the id shape central takes for transfers and top-ups. */
export function uuidV7(nowMs = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let time = nowMs;
  for (let index = 5; index >= 0; index -= 1) {
    bytes[index] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return `${parts.join('-')}-${hex.slice(20)}`;
}
