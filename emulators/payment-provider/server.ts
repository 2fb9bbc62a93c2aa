/**
 * A payment-provider emulator speaking the acquiring API of
 * central/payment-provider/acquiring-http.ts over real HTTP: payments are created with Basic
 * auth and an Idempotence-Key, confirmed on a page of its own, read back by id, and reported to
 * a webhook URL with a signed notification. The confirmation page (and the same outcomes as a
 * POST for tests) chooses how this payment behaves:
 *   approve        paid; one notification
 *   decline        not paid; one notification (canceled)
 *   timeout        the payer never finishes: stays pending, no notification
 *   lost-webhook   paid, but the notification never arrives (central must poll)
 *   twice          paid; the notification is sent twice
 *   late           paid; the notification comes `lateMs` after the payer is sent back
 *   forged         stays pending; a notification claiming "paid" with a wrong signature
 * On its own (a demo with npm run central): node emulators/payment-provider/start.ts.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { confirmationPage } from './page.ts';
import { sendNotification } from './notify.ts';

export const OUTCOMES = [
  'approve',
  'decline',
  'timeout',
  'lost-webhook',
  'twice',
  'late',
  'forged',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type EmulatorOptions = {
  shopId: string;
  secretKey: string;
  webhookSecret: string;
  /** Where notifications go (central's POST /v1/payment-provider/webhook). */
  webhookUrl: string;
  /** Delay of the 'late' outcome's notification. */
  lateMs?: number;
  port?: number;
  host?: string;
};

export type EmulatedPayment = {
  id: string;
  status: 'pending' | 'succeeded' | 'canceled';
  amountValue: string;
  method: string;
  topUpId: string;
  returnUrl: string;
  description: string;
  outcome: Outcome | null;
};

export type PaymentProviderEmulator = {
  url: string;
  payments: ReadonlyMap<string, EmulatedPayment>;
  /** Notifications sent so far (for tests): payment id, HTTP status central answered. */
  notifications: ReadonlyArray<{ paymentId: string; status: number; forged: boolean }>;
  /** Resolves when every notification started so far (late ones too) has been answered. */
  settled(): Promise<void>;
  /** Where notifications go from now on (central's URL is known only once it listens). */
  setWebhookUrl(url: string): void;
  close(): Promise<void>;
};

const createSchema = z.object({
  amount: z.object({ value: z.string().regex(/^\d{1,9}\.\d{2}$/), currency: z.literal('RUB') }),
  payment_method_data: z.object({ type: z.enum(['bank_card', 'sbp']) }),
  confirmation: z.object({ type: z.literal('redirect'), return_url: z.url() }),
  capture: z.literal(true),
  description: z.string().max(128),
  metadata: z.object({ topUpId: z.string().min(1).max(64) }),
});

const BODY_BYTES_MAX = 64 * 1024;

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > BODY_BYTES_MAX) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export function paymentJson(payment: EmulatedPayment, base: string) {
  return {
    id: payment.id,
    status: payment.status,
    amount: { value: payment.amountValue, currency: 'RUB' },
    payment_method: { type: payment.method },
    description: payment.description,
    metadata: { topUpId: payment.topUpId },
    confirmation: { type: 'redirect', confirmation_url: `${base}/confirm/${payment.id}` },
  };
}

export async function startPaymentProviderEmulator(
  options: EmulatorOptions,
): Promise<PaymentProviderEmulator> {
  const payments = new Map<string, EmulatedPayment>();
  const byKey = new Map<string, string>();
  const notifications: { paymentId: string; status: number; forged: boolean }[] = [];
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const credentials = Buffer.from(`${options.shopId}:${options.secretKey}`).toString('base64');
  const expectedAuth = `Basic ${credentials}`;
  let base = '';

  let webhookUrl = options.webhookUrl;
  const notify = (payment: EmulatedPayment, forged: boolean) => {
    const target = { webhookSecret: options.webhookSecret, webhookUrl };
    const sending = sendNotification(target, paymentJson(payment, base), forged).then((status) => {
      notifications.push({ paymentId: payment.id, status, forged });
    });
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  };

  const settle = (payment: EmulatedPayment, outcome: Outcome): void => {
    if (payment.outcome !== null) return;
    payment.outcome = outcome;
    if (outcome === 'decline') payment.status = 'canceled';
    else if (outcome !== 'timeout' && outcome !== 'forged') payment.status = 'succeeded';
    if (outcome === 'approve' || outcome === 'decline') notify(payment, false);
    if (outcome === 'twice') {
      notify(payment, false);
      notify(payment, false);
    }
    if (outcome === 'forged') notify({ ...payment, status: 'succeeded' }, true);
    if (outcome === 'late') {
      let release = (): void => {};
      const waiting = new Promise<void>((resolve) => {
        release = resolve;
      });
      inFlight.add(waiting);
      const timer = setTimeout(() => {
        timers.delete(timer);
        notify(payment, false);
        inFlight.delete(waiting);
        release();
      }, options.lateMs ?? 1_500);
      timers.add(timer);
    }
  };

  const api = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    if (request.headers.authorization !== expectedAuth) {
      return send(response, 401, { type: 'error', code: 'invalid_credentials' });
    }
    if (request.method === 'POST' && path === '/v3/payments') {
      const key = request.headers['idempotence-key'];
      if (typeof key !== 'string' || key.length === 0 || key.length > 64) {
        return send(response, 400, { type: 'error', code: 'invalid_request' });
      }
      const text = await readBody(request);
      let parsed: z.infer<typeof createSchema>;
      try {
        parsed = createSchema.parse(JSON.parse(text ?? ''));
      } catch {
        return send(response, 400, { type: 'error', code: 'invalid_request' });
      }
      const known = byKey.get(key);
      if (known !== undefined) return send(response, 200, paymentJson(payments.get(known)!, base));
      const payment: EmulatedPayment = {
        id: `pp-${randomBytes(12).toString('hex')}`,
        status: 'pending',
        amountValue: parsed.amount.value,
        method: parsed.payment_method_data.type,
        topUpId: parsed.metadata.topUpId,
        returnUrl: parsed.confirmation.return_url,
        description: parsed.description,
        outcome: null,
      };
      payments.set(payment.id, payment);
      byKey.set(key, payment.id);
      return send(response, 200, paymentJson(payment, base));
    }
    const match = /^\/v3\/payments\/([\w-]{1,100})$/.exec(path);
    const payment = match === null ? undefined : payments.get(match[1]!);
    if (request.method === 'GET' && payment !== undefined) {
      return send(response, 200, paymentJson(payment, base));
    }
    return send(response, 404, { type: 'error', code: 'not_found' });
  };

  const confirm = async (request: IncomingMessage, response: ServerResponse, id: string) => {
    const payment = payments.get(id);
    if (payment === undefined) return send(response, 404, { type: 'error', code: 'not_found' });
    if (request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(confirmationPage(payment, OUTCOMES));
    }
    const body = new URLSearchParams((await readBody(request)) ?? '');
    const outcome = OUTCOMES.find((value) => value === body.get('outcome'));
    if (outcome === undefined) return send(response, 400, { type: 'error', code: 'bad_outcome' });
    settle(payment, outcome);
    response.writeHead(303, { location: payment.returnUrl });
    return response.end();
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://emulator').pathname;
    const confirmMatch = /^\/confirm\/([\w-]{1,100})$/.exec(path);
    const handled = confirmMatch
      ? confirm(request, response, confirmMatch[1]!)
      : path.startsWith('/v3/')
        ? api(request, response, path)
        : Promise.resolve(send(response, 404, { type: 'error', code: 'not_found' }));
    handled.catch(() => {
      if (!response.headersSent) send(response, 500, { type: 'error', code: 'internal' });
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  base = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: base,
    payments,
    notifications,
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
