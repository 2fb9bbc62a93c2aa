/**
 * `npm run central`: the reference central API on its own.
 *   CENTRAL_DATA_DIR (./central-data), CENTRAL_PORT (8787), CENTRAL_HOST (127.0.0.1),
 *   CENTRAL_ADMIN_TOKEN (admin endpoints off without it; 32+ characters), CENTRAL_CREDIT_TIMER_MS (off),
 *   CENTRAL_CORS_ORIGINS (payer web apps' origins, comma-separated; none by default),
 *   CENTRAL_PAYMENT_PROVIDER_URL, _SHOP_ID, _SECRET_KEY, _WEBHOOK_SECRET (card top-ups; docs/PAYER-APP.md),
 *   CENTRAL_SMS_URL, CENTRAL_SMS_API_KEY, CENTRAL_SMS_TIMEOUT_MS (an SMS provider; unset: a file),
 *   CENTRAL_SMTP_URL, CENTRAL_MAIL_FROM (alert and support e-mail by SMTP; unset: a file).
 * Prints one line with its URL.
 */
import pino from 'pino';
import { parseCorsOrigins } from './cors.ts';
import { invalidEnv } from './env-config.ts';
import { smtpConfigFromEnv } from './payer/email-smtp.ts';
import { smsConfigFromEnv } from './payer/sms-http.ts';
import { acquiringConfigFromEnv } from './payment-provider/acquiring-http.ts';
import { secureDataDir } from '../platform/private-files.ts';
import { startCentral } from './server.ts';

function integerEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`${name} must be a non-negative integer, got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const port = integerEnv('CENTRAL_PORT', 8787);
  const creditTimerMs = integerEnv('CENTRAL_CREDIT_TIMER_MS', 0);
  const corsOrigins = parseCorsOrigins(process.env.CENTRAL_CORS_ORIGINS);
  if (!Array.isArray(corsOrigins)) {
    process.stderr.write(
      `CENTRAL_CORS_ORIGINS: "${corsOrigins.invalid}" is not an origin like https://pay.example.ru\n`,
    );
    process.exit(2);
  }
  const configs = [
    smsConfigFromEnv(process.env),
    smtpConfigFromEnv(process.env),
    acquiringConfigFromEnv(process.env),
  ];
  for (const config of configs) {
    const invalid = invalidEnv(config);
    if (invalid !== null) {
      process.stderr.write(`${invalid}\n`);
      process.exit(2);
    }
  }
  const dataDir = process.env.CENTRAL_DATA_DIR ?? './central-data';
  secureDataDir(dataDir, "central's", (repair) =>
    process.stderr.write(
      `file mode repaired (was readable by others): ${repair.path} ${repair.fromMode} → ${repair.toMode}\n`,
    ),
  );
  const central = await startCentral({
    dataDir,
    port,
    host: process.env.CENTRAL_HOST ?? '127.0.0.1',
    ...(creditTimerMs > 0 ? { creditTimerMs } : {}),
    corsOrigins,
    // Every 5xx is one JSON line on stdout (central/http.ts says what it holds: no personal
    // data); nothing below error level, so requests themselves are not logged.
    log: pino({ level: 'error', base: null }),
  });
  process.stdout.write(`central API listening on ${central.url}\n`);
  const stop = (): void => {
    central.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `central failed to start: ${error instanceof Error ? error.message : error}\n`,
  );
  process.exit(1);
});
