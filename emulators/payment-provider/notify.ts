/** The emulator's notifications: the body signed as the acquiring adapter checks it. */
import { createHmac, randomBytes } from 'node:crypto';

export type NotifyOptions = { webhookSecret: string; webhookUrl: string };

/**
 * POSTs one notification; answers central's HTTP status (0 when it could not be reached).
 * A forged one is signed with a key that is not the shared secret.
 */
export async function sendNotification(
  options: NotifyOptions,
  payment: { status: string },
  forged: boolean,
): Promise<number> {
  const event = payment.status === 'canceled' ? 'payment.canceled' : 'payment.succeeded';
  const body = JSON.stringify({ type: 'notification', event, object: payment });
  const key = forged ? randomBytes(32).toString('hex') : options.webhookSecret;
  const signature = `v1=${createHmac('sha256', key).update(body).digest('hex')}`;
  try {
    const response = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-signature': signature },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
