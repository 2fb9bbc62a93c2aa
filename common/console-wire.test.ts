import { describe, expect, it } from 'vitest';
import { AlertRulesSchema } from './console-wire.ts';

const rest = {
  cassetteCapacityNotes: 1_000,
  cassetteNearFullPercent: 90,
  paperNearEnd: true,
  paperOut: true,
  deviceFault: true,
  outboxStaleMinutes: 30,
  webhookUrl: null,
  emailEnabled: true,
};

describe('alert rules on the wire', () => {
  it('reads rules stored in minutes as the same time in seconds', () => {
    expect(AlertRulesSchema.parse({ offlineMinutes: 10, ...rest })).toEqual({
      offlineSeconds: 600,
      ...rest,
    });
  });

  it('takes seconds, at least ten', () => {
    expect(AlertRulesSchema.parse({ offlineSeconds: 15, ...rest }).offlineSeconds).toBe(15);
    expect(AlertRulesSchema.safeParse({ offlineSeconds: 9, ...rest }).success).toBe(false);
  });

  it('refuses both names at once', () => {
    const both = { offlineSeconds: 60, offlineMinutes: 1, ...rest };
    expect(AlertRulesSchema.safeParse(both).success).toBe(false);
  });
});
