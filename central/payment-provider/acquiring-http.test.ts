import { describe, expect, it } from 'vitest';
import {
  acquiringConfigFromEnv,
  createAcquiringProvider,
  roublesText,
  signNotification,
} from './acquiring-http.ts';

const SECRET = 'webhook-secret-0123456789abcdefghijklmnop';
const provider = createAcquiringProvider({
  baseUrl: 'http://127.0.0.1:9',
  shopId: 'shop',
  secretKey: 'key',
  webhookSecret: SECRET,
});

const notification = (status: string, value = '1500.00') =>
  JSON.stringify({
    type: 'notification',
    event: status === 'canceled' ? 'payment.canceled' : 'payment.succeeded',
    object: { id: 'pp-1', status, amount: { value, currency: 'RUB' }, metadata: { topUpId: 't' } },
  });

describe('the acquiring adapter', () => {
  it('writes kopecks as the rouble strings the API takes', () => {
    expect(roublesText(150_000)).toBe('1500.00');
    expect(roublesText(10_005)).toBe('100.05');
    expect(roublesText(1)).toBe('0.01');
  });

  it('believes a notification only with the signature of its exact bytes', () => {
    const body = notification('succeeded');
    const signed = provider.verifyWebhook(Buffer.from(body), {
      'content-signature': signNotification(SECRET, body),
    });
    expect(signed).toEqual({
      ok: true,
      value: {
        providerPaymentId: 'pp-1',
        status: 'succeeded',
        amountKopecks: 150_000,
        topUpId: 't',
      },
    });
    // One byte changed after signing: refused.
    const tampered = provider.verifyWebhook(Buffer.from(body.replace('1500.00', '9500.00')), {
      'content-signature': signNotification(SECRET, body),
    });
    expect(tampered).toEqual({ ok: false, error: { kind: 'signature-invalid' } });
    const unsigned = provider.verifyWebhook(Buffer.from(body), {});
    expect(unsigned).toEqual({ ok: false, error: { kind: 'signature-invalid' } });
    const otherKey = provider.verifyWebhook(Buffer.from(body), {
      'content-signature': signNotification('another-secret', body),
    });
    expect(otherKey.ok).toBe(false);
  });

  it('refuses signed nonsense as malformed, never as a payment', () => {
    for (const body of [
      'not json',
      '{}',
      notification('succeeded', '15.0'),
      notification('paid'),
    ]) {
      const answer = provider.verifyWebhook(Buffer.from(body), {
        'content-signature': signNotification(SECRET, body),
      });
      expect(answer, body).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    }
  });

  it('an unreachable provider is "unavailable", so the top-up stays pending', async () => {
    const answer = await provider.getPayment('pp-1');
    expect(answer).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });

  it('is configured by all four variables or none', () => {
    expect(acquiringConfigFromEnv({})).toBeNull();
    expect(acquiringConfigFromEnv({ CENTRAL_PAYMENT_PROVIDER_URL: 'https://pay.example' })).toEqual(
      {
        invalid: 'CENTRAL_PAYMENT_PROVIDER_SHOP_ID is not set',
      },
    );
    const full = {
      CENTRAL_PAYMENT_PROVIDER_URL: 'https://pay.example',
      CENTRAL_PAYMENT_PROVIDER_SHOP_ID: 'shop',
      CENTRAL_PAYMENT_PROVIDER_SECRET_KEY: 'key',
      CENTRAL_PAYMENT_PROVIDER_WEBHOOK_SECRET: 'short',
    };
    expect(acquiringConfigFromEnv(full)).toMatchObject({ invalid: expect.stringContaining('32') });
    expect(
      acquiringConfigFromEnv({ ...full, CENTRAL_PAYMENT_PROVIDER_WEBHOOK_SECRET: SECRET }),
    ).toMatchObject({ baseUrl: 'https://pay.example', shopId: 'shop' });
  });
});
