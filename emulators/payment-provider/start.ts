/**
 * The payment-provider emulator on its own, for a demo with `npm run central`:
 *   node emulators/payment-provider/start.ts
 * Prints the CENTRAL_PAYMENT_PROVIDER_* lines to start central with. Listens on loopback only.
 *   PROVIDER_EMULATOR_PORT (8790), PROVIDER_WEBHOOK_URL
 *   (http://127.0.0.1:8787/v1/payment-provider/webhook, central's default address).
 */
import { randomBytes } from 'node:crypto';
import { startPaymentProviderEmulator } from './server.ts';

async function main(): Promise<void> {
  const port = Number(process.env.PROVIDER_EMULATOR_PORT ?? 8790);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write('PROVIDER_EMULATOR_PORT must be a port number\n');
    process.exit(2);
  }
  const settings = {
    shopId: 'demo-shop',
    secretKey: randomBytes(16).toString('hex'),
    webhookSecret: randomBytes(24).toString('hex'),
    webhookUrl:
      process.env.PROVIDER_WEBHOOK_URL ?? 'http://127.0.0.1:8787/v1/payment-provider/webhook',
  };
  const emulator = await startPaymentProviderEmulator({ ...settings, port, host: '127.0.0.1' });
  process.stdout.write(
    [
      `payment-provider emulator on ${emulator.url}; start central with:`,
      `CENTRAL_PAYMENT_PROVIDER_URL=${emulator.url}`,
      `CENTRAL_PAYMENT_PROVIDER_SHOP_ID=${settings.shopId}`,
      `CENTRAL_PAYMENT_PROVIDER_SECRET_KEY=${settings.secretKey}`,
      `CENTRAL_PAYMENT_PROVIDER_WEBHOOK_SECRET=${settings.webhookSecret}`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
