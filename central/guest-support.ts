/**
 * Support without an account: someone who lost their phone (or never had an account) leaves a
 * contact, the transfer's short code or id, and the text, at a kiosk or on a web page. The
 * contact is stored so the operator's answer reaches it: by SMS for a phone, by e-mail for an
 * address. Rate limited per caller (the terminal, or the client address of a web page) and
 * per contact, so neither a kiosk nor a script can flood the queue or one person's inbox.
 */
import { randomUUID } from 'node:crypto';
import type { GuestSupportAck, GuestSupportCreate } from '../common/central-wire.ts';
import { type CentralDb, statement } from './db.ts';
import { ApiFailure, apiError } from './errors.ts';
import { callerOf, type RouteContext, route } from './http.ts';
import type { EmailGateway } from './payer/email.ts';
import type { SmsGateway } from './payer/sms.ts';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limit.ts';

export type GuestSupportLimits = { perCaller: RateLimit; perContact: RateLimit };

/** A kiosk lobby is shared: a few requests, then one every 10 minutes; a contact, fewer. */
export const GUEST_SUPPORT_LIMITS: GuestSupportLimits = {
  perCaller: { burst: 5, refillPerMinute: 0.1 },
  perContact: { burst: 3, refillPerMinute: 1 / 30 },
};

type Row = {
  id: string;
  contact: string;
  transfer_ref: string | null;
  body: string;
  channel: string;
  reply: string | null;
  created_at_ms: number;
  answered_at_ms: number | null;
};

export type GuestSupportDeps = {
  db: CentralDb;
  sms: SmsGateway;
  email: EmailGateway;
  limits?: Partial<GuestSupportLimits>;
};

/** The contact as stored: a phone as +7XXXXXXXXXX, an e-mail in lower case. */
export function contactKey(contact: string): string {
  return contact.startsWith('+') ? contact : contact.toLowerCase();
}

async function take(limiter: RateLimiter, key: string, nowMs: number): Promise<void> {
  const taken = await limiter.take(key, nowMs);
  if (taken.ok) return;
  const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
  throw new ApiFailure(apiError(429, 'rate-limited', `too many requests; retry in ${seconds} s`), {
    'retry-after': String(seconds),
  });
}

export function registerGuestSupportRoutes(context: RouteContext, deps: GuestSupportDeps): void {
  const { db } = deps;
  const limits = { ...GUEST_SUPPORT_LIMITS, ...deps.limits };
  const perCaller = createRateLimiter(db, 'guest-support-caller', limits.perCaller);
  const perContact = createRateLimiter(db, 'guest-support-contact', limits.perContact);
  const insert = statement(
    db,
    `INSERT INTO guest_support (id, contact, transfer_ref, body, channel, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const list = (unansweredOnly: boolean) =>
    db.all<Row>(
      `SELECT * FROM guest_support ${unansweredOnly ? 'WHERE reply IS NULL' : ''}
         ORDER BY created_at_ms DESC LIMIT 200`,
    );
  const find = statement(db, 'SELECT * FROM guest_support WHERE id = ?');
  const answer = statement(
    db,
    'UPDATE guest_support SET reply = ?, answered_at_ms = ? WHERE id = ?',
  );

  route(context, 'POST', '/v1/support/guest-requests', 'payer', async (request, reply) => {
    const input = request.body as GuestSupportCreate;
    const caller = callerOf(request);
    const channel = caller.kind === 'terminal' ? caller.terminalId : 'web';
    const callerKey =
      caller.kind === 'terminal' ? `terminal:${caller.terminalId}` : `ip:${caller.ip}`;
    const contact = contactKey(input.contact);
    const nowMs = context.nowMs();
    // The caller first: a flood from one place must not use up a stranger's contact budget.
    await take(perCaller, callerKey, nowMs);
    await take(perContact, contact, nowMs);
    const requestId = randomUUID();
    await insert.run(requestId, contact, input.transferRef, input.text, channel, nowMs);
    const ack: GuestSupportAck = { requestId, createdAtMs: nowMs };
    return reply.code(201).send(ack);
  });

  route(context, 'GET', '/v1/admin/guest-support-requests', 'admin', async (request) => {
    const { unanswered } = request.query as { unanswered?: string };
    return {
      requests: (await list(unanswered === 'true')).map((row) => ({
        requestId: row.id,
        contact: row.contact,
        transferRef: row.transfer_ref,
        text: row.body,
        channel: row.channel,
        reply: row.reply,
        createdAtMs: row.created_at_ms,
        answeredAtMs: row.answered_at_ms,
      })),
    };
  });

  route(
    context,
    'POST',
    '/v1/admin/guest-support-requests/{requestId}/reply',
    'admin',
    async (request) => {
      const { requestId } = request.params as { requestId: string };
      const { reply: text } = request.body as { reply: string };
      const row = await find.get<Row>(requestId);
      if (row === undefined) {
        throw new ApiFailure(apiError(404, 'request-not-found', 'no such support request'));
      }
      const nowMs = context.nowMs();
      const via = row.contact.startsWith('+') ? ('sms' as const) : ('email' as const);
      try {
        if (via === 'sms') {
          await deps.sms.send({ phone: row.contact, text: `Поддержка: ${text}`, sentAtMs: nowMs });
        } else {
          const subject = 'Ответ службы поддержки';
          await deps.email.send({ to: row.contact, subject, text, sentAtMs: nowMs });
        }
      } catch {
        throw new ApiFailure(apiError(503, 'delivery-failed', 'the answer could not be sent'));
      }
      await answer.run(text, nowMs, requestId);
      return { answered: true, via };
    },
  );
}
