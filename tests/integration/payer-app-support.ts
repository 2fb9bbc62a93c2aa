/**
 * The payer app's tests: a central with the acquiring adapter pointed at the payment-provider
 * emulator (both on loopback, real HTTP), and a registered web payer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { APP_DIST_DIR } from '../../central/payer/app-static.ts';
import {
  type PaymentProviderEmulator,
  startPaymentProviderEmulator,
} from '../../emulators/payment-provider/server.ts';
import { createAcquiringProvider } from '../../central/payment-provider/acquiring-http.ts';
import type { CentralOptions } from '../../central/server.ts';
import { commissionKopecks, kopecks, rubles } from '../../common/money.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { kioskFetch, webFetch } from './payer-web-helpers.ts';

export const PROVIDER = {
  shopId: 'shop-100500',
  secretKey: 'test-secret-key-not-for-production',
  webhookSecret: 'webhook-secret-0123456789abcdefghijklmnop',
};

export type AppRig = { server: TestCentral; provider: PaymentProviderEmulator };

export async function startAppRig(options: Partial<CentralOptions> = {}): Promise<AppRig> {
  const provider = await startPaymentProviderEmulator({ ...PROVIDER, webhookUrl: '', lateMs: 300 });
  const server = await startTestCentral({
    payerWebAuthRateLimit: { burst: 500, refillPerMinute: 500 },
    paymentProvider: createAcquiringProvider({ ...PROVIDER, baseUrl: provider.url }),
    topUpReconcileEveryMs: 0,
    ...options,
  });
  provider.setWebhookUrl(`${server.central.url}/v1/payment-provider/webhook`);
  return { server, provider };
}

export async function stopAppRig(rig: AppRig): Promise<void> {
  await rig.provider.settled();
  await rig.server.stop();
  await rig.provider.close();
}

export async function lastSms(server: TestCentral, phone: string): Promise<string> {
  const response = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return messages.at(-1)?.text ?? '';
}

export const codeIn = (text: string): string => /(\d{6})/.exec(text)?.[1] ?? 'none';

let phones = 0;

/** A new payer registered through the web channel; answers its phone and session token. */
export async function registeredPayer(
  server: TestCentral,
): Promise<{ phone: string; session: string; accountId: string }> {
  phones += 1;
  const pid = String(process.pid % 1000).padStart(3, '0');
  const phone = `+7916${pid}${String(phones).padStart(4, '0')}`;
  const base = server.central.url;
  const sent = await webFetch(base, 'POST', '/v1/payer/sms-codes', {
    body: { phone, purpose: 'register' },
  });
  expect(sent.status).toBe(202);
  const code = codeIn(await lastSms(server, phone));
  const registered = await webFetch(base, 'POST', '/v1/payer/register', {
    body: { phone, code, password: 'Тихий вечер у реки 42', displayName: 'Анна' },
  });
  expect(registered.status).toBe(201);
  const body = (await registered.json()) as { sessionToken: string; accountId: string };
  return { phone, session: body.sessionToken, accountId: body.accountId };
}

/**
 * A cash transfer from `terminal`, as its outbox sends it: for `payerAccountId` (a payer who
 * logged in at that kiosk) or anonymous. Its id, once central answered 201.
 */
export async function kioskCashTransfer(
  server: TestCentral,
  terminal: EnrolledTerminal,
  options: { amountKopecks: number; inmateRef: string; payerAccountId: string | null },
): Promise<string> {
  const transferId = uuidV7();
  const commission = commissionKopecks(kopecks(options.amountKopecks), 250, rubles(30));
  const created = await kioskFetch(server.central.url, terminal, 'POST', '/v1/transfers', {
    key: transferId,
    body: {
      transferId,
      inmateRef: options.inmateRef,
      depositedKopecks: options.amountKopecks + commission,
      amountKopecks: options.amountKopecks,
      commissionKopecks: commission,
      kioskCreatedAtMs: Date.now(),
      ...(options.payerAccountId === null ? {} : { payerAccountId: options.payerAccountId }),
    },
  });
  expect(created.status).toBe(201);
  return transferId;
}

export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** `npm test` builds the app first; a lone run builds it when it is missing. */
export function ensureAppBuilt(): void {
  if (existsSync(path.join(APP_DIST_DIR, 'index.html'))) return;
  const root = path.join(APP_DIST_DIR, '..', '..');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'app/vite.config.ts',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}
