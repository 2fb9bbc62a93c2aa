/**
 * Every limit on SMS codes in one place, and the caps against SMS pumping (someone asking for
 * codes to many numbers so the operator pays for the traffic): on top of the per-address
 * budget of the routes, each phone, each number prefix (a block of 10 000 numbers) and the
 * whole server get an hourly cap. Requests are recorded whether or not an SMS leaves (an
 * unknown phone's reset or login code is silently not sent), so the caps answer the same for
 * registered and unknown phones. Refusals and sends are counted in metrics.ts.
 */
import { err, ok, type Result } from '../../common/result.ts';
import { type CentralDb, statement } from '../db.ts';
import { type ApiError, apiError } from '../errors.ts';
import type { CentralMetrics, SmsRefusal } from '../metrics.ts';

const HOUR_MS = 3_600_000;

/** The hourly caps an operator may tune (CentralOptions.smsLimits). */
export type SmsCaps = {
  /** Codes of any purpose to one phone. */
  perPhonePerHour: number;
  /** Codes to all phones sharing the country code and the first PREFIX_DIGITS digits. */
  perPrefixPerHour: number;
  /** Codes to anyone. */
  perHour: number;
};

export const SMS_LIMITS = {
  /** One code per phone and purpose a minute. */
  resendMs: 60_000,
  /** Codes per phone and purpose an hour (register, reset, login each). */
  perPhonePurposePerHour: 5,
  /** National digits that make a prefix: +7 912 345 xxxx → "+7912345". */
  prefixDigits: 6,
  caps: { perPhonePerHour: 8, perPrefixPerHour: 30, perHour: 2_000 } satisfies SmsCaps,
} as const;

type Refusal = ApiError & { retryAfterMs: number };

export type SmsBudget = {
  /** Records one code request for `phone` if no cap refuses it. */
  take(phone: string, purpose: string, nowMs: number): Promise<Result<void, Refusal>>;
  refused(reason: SmsRefusal): void;
  sent(purpose: string): void;
  prune(nowMs: number): Promise<void>;
};

export function createSmsBudget(
  db: CentralDb,
  metrics: CentralMetrics,
  caps: Partial<SmsCaps> = {},
): SmsBudget {
  const limits = { ...SMS_LIMITS.caps, ...caps };
  const windowOf = (where: string) =>
    statement(
      db,
      `SELECT COUNT(*) AS n, MIN(requested_at_ms) AS oldest FROM sms_requests
         WHERE requested_at_ms > ? ${where}`,
    );
  const perPhone = windowOf('AND phone = ?');
  const perPrefix = windowOf('AND phone >= ? AND phone < ?');
  const overall = windowOf('');
  const record = statement(
    db,
    'INSERT INTO sms_requests (phone, purpose, requested_at_ms) VALUES (?, ?, ?)',
  );
  const prune = statement(db, 'DELETE FROM sms_requests WHERE requested_at_ms <= ?');
  const refused = (reason: SmsRefusal) => metrics.smsRefused.inc({ reason });

  return {
    take: async (phone, purpose, nowMs) => {
      const since = nowMs - HOUR_MS;
      const prefix = phone.slice(0, 2 + SMS_LIMITS.prefixDigits);
      type Window = { n: number; oldest: number | null };
      const verdict = await db.transaction(async () => {
        const checks: [SmsRefusal, number, Window][] = [
          ['phone-hourly', limits.perPhonePerHour, (await perPhone.get<Window>(since, phone))!],
          [
            'prefix-hourly',
            limits.perPrefixPerHour,
            (await perPrefix.get<Window>(since, prefix, `${prefix}:`))!,
          ],
          ['global-hourly', limits.perHour, (await overall.get<Window>(since))!],
        ];
        for (const [reason, cap, window] of checks) {
          if (window.n >= cap) {
            const retryAfterMs = Math.max(1_000, (window.oldest ?? nowMs) + HOUR_MS - nowMs);
            return { reason, retryAfterMs };
          }
        }
        await record.run(phone, purpose, nowMs);
        return null;
      });
      if (verdict === null) return ok(undefined);
      // Counted once the transaction decided: a retried transaction must not count twice.
      refused(verdict.reason);
      const { retryAfterMs } = verdict;
      return err({ ...apiError(429, 'sms-limit', 'too many codes this hour'), retryAfterMs });
    },
    refused,
    sent: (purpose) => metrics.smsSent.inc({ purpose }),
    async prune(nowMs) {
      await prune.run(nowMs - HOUR_MS);
    },
  };
}
