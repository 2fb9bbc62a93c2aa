/**
 * The one real adapter of the payment-provider port (port.ts): an acquiring API of the shape
 * Russian providers publish — `POST /v3/payments` with HTTP Basic auth (shop id : secret key)
 * and an `Idempotence-Key`, a redirect confirmation, `GET /v3/payments/{id}` to ask again, and
 * notifications POSTed to our webhook. Amounts travel as decimal rouble strings ("1500.00").
 * Notifications are signed: `Content-Signature: v1=<hex HMAC-SHA-256 of the exact body>` under
 * a webhook secret shared with the provider; anything else about a notification is untrusted.
 * emulators/payment-provider/ speaks the same API.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from '../../common/result.ts';
import type {
  CreatedPayment,
  CreatePaymentInput,
  PaymentProvider,
  ProviderFailure,
  ProviderPayment,
  WebhookFailure,
} from './port.ts';
import { type EnvConfig, fromEnvConfig } from '../env-config.ts';

export type AcquiringConfig = {
  /** e.g. https://api.provider.example — no trailing slash needed. */
  baseUrl: string;
  shopId: string;
  secretKey: string;
  webhookSecret: string;
  /** Per request; a slow provider is "unavailable", and the top-up stays pending. */
  timeoutMs?: number;
};

const amountSchema = z.object({
  value: z.string().regex(/^\d{1,9}\.\d{2}$/),
  currency: z.literal('RUB'),
});

const paymentSchema = z.object({
  id: z.string().min(1).max(100),
  status: z.enum(['pending', 'waiting_for_capture', 'succeeded', 'canceled']),
  amount: amountSchema,
  metadata: z
    .object({ topUpId: z.string().max(64).optional() })
    .partial()
    .optional(),
  confirmation: z.object({ type: z.literal('redirect'), confirmation_url: z.url() }).optional(),
});

const notificationSchema = z.object({
  type: z.literal('notification'),
  event: z.enum(['payment.succeeded', 'payment.canceled', 'payment.waiting_for_capture']),
  object: paymentSchema,
});

export const SIGNATURE_HEADER = 'content-signature';

/** "1500.00" ↔ 150000: integer arithmetic only. */
export function roublesText(amountKopecks: number): string {
  return `${Math.floor(amountKopecks / 100)}.${String(amountKopecks % 100).padStart(2, '0')}`;
}

function kopecksOf(text: string): number {
  const [roubles, kopecks] = text.split('.');
  return Number(roubles) * 100 + Number(kopecks);
}

/** The signature header a notification must carry (also used by the emulator and tests). */
export function signNotification(secret: string, rawBody: Buffer | string): string {
  return `v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

function toPayment(parsed: z.infer<typeof paymentSchema>): ProviderPayment {
  return {
    providerPaymentId: parsed.id,
    // Captured automatically (capture: true): waiting_for_capture is still "not yet".
    status:
      parsed.status === 'succeeded'
        ? 'succeeded'
        : parsed.status === 'canceled'
          ? 'canceled'
          : 'pending',
    amountKopecks: kopecksOf(parsed.amount.value),
    topUpId: parsed.metadata?.topUpId ?? null,
  };
}

export function createAcquiringProvider(config: AcquiringConfig): PaymentProvider {
  const base = config.baseUrl.replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${config.shopId}:${config.secretKey}`).toString('base64')}`;
  const timeoutMs = config.timeoutMs ?? 10_000;

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    idempotenceKey: string | null,
  ): Promise<Result<unknown, ProviderFailure>> {
    const headers: Record<string, string> = { authorization: auth, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotenceKey !== null) headers['idempotence-key'] = idempotenceKey;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const detail = error instanceof Error ? error.name : 'network error';
      return err({ kind: 'unavailable', detail });
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500) return err({ kind: 'unavailable', detail: `${response.status}` });
    if (response.status >= 400) return err({ kind: 'refused', detail: `${response.status}` });
    try {
      return ok(JSON.parse(text) as unknown);
    } catch {
      return err({ kind: 'malformed', detail: 'not JSON' });
    }
  }

  return {
    name: 'acquiring',
    async createPayment(input: CreatePaymentInput) {
      const answer = await call(
        'POST',
        '/v3/payments',
        {
          amount: { value: roublesText(input.amountKopecks), currency: 'RUB' },
          payment_method_data: { type: input.method === 'card' ? 'bank_card' : 'sbp' },
          confirmation: { type: 'redirect', return_url: input.returnUrl },
          capture: true,
          description: input.description,
          metadata: { topUpId: input.topUpId },
        },
        input.topUpId,
      );
      if (!answer.ok) return answer;
      const parsed = paymentSchema.safeParse(answer.value);
      if (!parsed.success || parsed.data.confirmation === undefined) {
        return err({ kind: 'malformed', detail: 'payment without a redirect confirmation' });
      }
      const created: CreatedPayment = {
        ...toPayment(parsed.data),
        confirmationUrl: parsed.data.confirmation.confirmation_url,
      };
      return ok(created);
    },

    async getPayment(providerPaymentId: string) {
      const answer = await call(
        'GET',
        `/v3/payments/${encodeURIComponent(providerPaymentId)}`,
        undefined,
        null,
      );
      if (!answer.ok) return answer;
      const parsed = paymentSchema.safeParse(answer.value);
      if (!parsed.success) return err({ kind: 'malformed', detail: 'not a payment' });
      return ok(toPayment(parsed.data));
    },

    verifyWebhook(rawBody, headers): Result<ProviderPayment, WebhookFailure> {
      const header = headers[SIGNATURE_HEADER];
      const given = Buffer.from(typeof header === 'string' ? header : '');
      const expected = Buffer.from(signNotification(config.webhookSecret, rawBody));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return err({ kind: 'signature-invalid' });
      }
      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return err({ kind: 'malformed', detail: 'not JSON' });
      }
      const parsed = notificationSchema.safeParse(json);
      if (!parsed.success) return err({ kind: 'malformed', detail: 'not a notification' });
      return ok(toPayment(parsed.data.object));
    },
  };
}

/**
 * The provider from the environment (`npm run central`): CENTRAL_PAYMENT_PROVIDER_URL,
 * _SHOP_ID, _SECRET_KEY, _WEBHOOK_SECRET, all four or none (then top-ups by card are off).
 */
export function acquiringConfigFromEnv(
  env: Record<string, string | undefined>,
): EnvConfig<AcquiringConfig> {
  const names = ['URL', 'SHOP_ID', 'SECRET_KEY', 'WEBHOOK_SECRET'] as const;
  const values = names.map((name) => env[`CENTRAL_PAYMENT_PROVIDER_${name}`] ?? '');
  if (values.every((value) => value === '')) return null;
  const missing = names.filter((_, index) => values[index] === '');
  if (missing.length > 0) return { invalid: `CENTRAL_PAYMENT_PROVIDER_${missing[0]} is not set` };
  const [baseUrl, shopId, secretKey, webhookSecret] = values as [string, string, string, string];
  if (!/^https?:\/\//.test(baseUrl))
    return { invalid: 'CENTRAL_PAYMENT_PROVIDER_URL is not a URL' };
  if (webhookSecret.length < 32) {
    return { invalid: 'CENTRAL_PAYMENT_PROVIDER_WEBHOOK_SECRET needs 32+ characters' };
  }
  return { baseUrl, shopId, secretKey, webhookSecret };
}

/** The provider `npm run central` uses: from the environment, or none; a half-set one throws. */
export function paymentProviderFromEnv(
  env: Record<string, string | undefined> = process.env,
): PaymentProvider | null {
  return fromEnvConfig(acquiringConfigFromEnv(env), createAcquiringProvider);
}
