import { describe, expect, it } from 'vitest';
import { outcomeOf } from './receipt-sms-sender.ts';

const http = (status: number, code: string) =>
  ({ kind: 'http', status, code, message: code, retryAfterMs: null }) as const;

describe('what central answered means for an SMS receipt copy', () => {
  it('retries what may pass: no network, a transfer not there yet, clock, server trouble', () => {
    expect(outcomeOf({ kind: 'network', message: 'down' }).kind).toBe('retry');
    expect(outcomeOf({ kind: 'timeout', message: 'slow' }).kind).toBe('retry');
    expect(outcomeOf(http(409, 'transfer-unknown')).kind).toBe('retry');
    expect(outcomeOf(http(401, 'signature-expired')).kind).toBe('retry');
    expect(outcomeOf(http(503, 'sms-unavailable')).kind).toBe('retry');
  });

  it('gives up on a refusal of the copy itself: caps and a reused id', () => {
    expect(outcomeOf(http(429, 'sms-limit'))).toEqual({ kind: 'refused', reason: 'sms-limit' });
    expect(outcomeOf(http(422, 'sms-per-transfer')).kind).toBe('refused');
    expect(outcomeOf(http(422, 'idempotency-key-reused')).kind).toBe('refused');
  });
});
