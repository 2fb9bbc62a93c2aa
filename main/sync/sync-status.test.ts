import { describe, expect, it } from 'vitest';
import type { OutboxSenderStatus } from './outbox-sender.ts';
import { centralDeviceState, outboxDiagnostics } from './sync-status.ts';

const outbox: OutboxSenderStatus = {
  pendingCount: 0,
  parkedCount: 0,
  oldestPendingAgeMs: null,
  breaker: 'closed',
  lastError: null,
  lastDeliveredAtMs: null,
  heldUntilMs: null,
  centralAnswered: true,
};
const skew = { skewMs: 1_000, measuredAtMs: 1, large: false };
const roster = {
  generatedAtMs: 0,
  ageMs: 30 * 60_000,
  facilityIds: ['77-sizo-1'],
  inmateCount: 10,
  lastRefreshAtMs: 0,
  lastRefreshError: null,
};

describe('central status line', () => {
  it('is ok online, a warning offline (never a fault), with backlog and its age', () => {
    expect(centralDeviceState({ outbox, skew, roster })).toMatchObject({
      health: 'ok',
      code: 'online',
    });
    const offline = centralDeviceState({
      outbox: {
        ...outbox,
        breaker: 'closed',
        centralAnswered: false,
        pendingCount: 12,
        oldestPendingAgeMs: 45 * 60_000,
        lastError: 'network: ECONNREFUSED',
      },
      skew,
      roster,
    });
    expect(offline).toMatchObject({ health: 'warning', code: 'central-unreachable' });
    expect(offline.detail).toContain('12');
    expect(offline.detail).toContain('45 мин');
  });

  it('shows parked transfers first, then a clock skew over 2 minutes', () => {
    const skewed = { skewMs: -180_000, measuredAtMs: 1, large: true };
    expect(centralDeviceState({ outbox, skew: skewed, roster })).toMatchObject({
      code: 'clock-skew',
      detail: expect.stringContaining('180 с'),
    });
    expect(
      centralDeviceState({ outbox: { ...outbox, parkedCount: 2 }, skew: skewed, roster }).code,
    ).toBe('outbox-parked');
  });

  it('gives the diagnostics outbox block', () => {
    const status = { ...outbox, pendingCount: 3, parkedCount: 1, oldestPendingAgeMs: 500 };
    expect(outboxDiagnostics(status, 10_000)).toEqual({
      depth: 4,
      oldestCreatedAtMs: 9_500,
      parked: 1,
    });
  });
});
